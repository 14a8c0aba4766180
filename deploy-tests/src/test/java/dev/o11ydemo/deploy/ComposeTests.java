package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.Promtool;

/**
 * docker-compose.yml and what it mounts, checked without a Docker engine: the compose
 * file by docker-compose itself, Prometheus' configuration and its rule file (made by the
 * very command the container runs) by promtool, Alertmanager's configuration (made by the
 * script the container runs) by amtool, for every combination of receivers.
 * {@link ComposeStackTests} runs the stack for real where Docker is available.
 */
class ComposeTests {

	private static final Path ROOT = Manifests.ROOT;

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	/**
	 * The default stack: docker-compose.yml with docker-compose.override.yml merged in,
	 * as compose reads them.
	 */
	private static JsonNode compose;

	/** docker-compose.yml alone: the suite without the platform. */
	private static JsonNode suiteOnly;

	/**
	 * Read by SnakeYAML, which merges the x-service anchors into each service as compose
	 * does; the override's mappings are merged into the suite file's, key by key, as
	 * compose merges them.
	 */
	@BeforeAll
	static void read() throws IOException {
		suiteOnly = load("docker-compose.yml");
		compose = merge(load("docker-compose.yml"), load("docker-compose.override.yml"));
	}

	private static JsonNode load(String file) throws IOException {
		try (var reader = Files.newBufferedReader(ROOT.resolve(file))) {
			return yaml.valueToTree(new Yaml().load(reader));
		}
	}

	private static JsonNode merge(JsonNode base, JsonNode override) {
		if (!(base instanceof ObjectNode target) || !override.isObject()) {
			return override;
		}
		override.properties()
			.forEach((entry) -> target.set(entry.getKey(), target.has(entry.getKey())
					? merge(target.get(entry.getKey()), entry.getValue()) : entry.getValue()));
		return target;
	}

	@Test
	void dockerComposeAcceptsTheStackWithAndWithoutTheLogsProfileAndTheSuiteFileAlone() throws Exception {
		ExternalTool dockerCompose = ExternalTool.require("docker-compose",
				"apt-get install --no-install-recommends docker-compose");
		ExternalTool.Result plain = dockerCompose.run(null, ROOT, "config", "-q");
		assertThat(plain.exitCode()).as(plain.output()).isZero();
		ExternalTool.Result logs = dockerCompose.run(null, ROOT, "--profile", "logs", "config", "-q");
		assertThat(logs.exitCode()).as(logs.output()).isZero();
		ExternalTool.Result services = dockerCompose.run(null, ROOT, "config", "--services");
		assertThat(services.output().lines().toList()).containsAll(Manifests.suiteServices().keySet())
			.contains("prometheus", "alertmanager", "grafana", "jaeger", "postgres", "loki", "alloy");
		ExternalTool.Result alone = dockerCompose.run(null, ROOT, "-f", "docker-compose.yml", "config", "--services");
		assertThat(alone.exitCode()).as(alone.output()).isZero();
		assertThat(alone.output().lines().sorted().toList()).isEqualTo(List.copyOf(Manifests.suiteServices().keySet()));
	}

	@Test
	void theSuiteFileAloneNeedsNothingOfThePlatform() {
		assertThat(suiteOnly.get("services").fieldNames()).toIterable()
			.containsExactlyInAnyOrderElementsOf(Manifests.suiteServices().keySet());
		for (Map.Entry<String, JsonNode> service : suiteOnly.get("services").properties()) {
			service.getValue()
				.path("depends_on")
				.fieldNames()
				.forEachRemaining((dependency) -> assertThat(Manifests.suiteServices()).as(service.getKey())
					.containsKey(dependency));
			JsonNode environment = service.getValue().path("environment");
			assertThat(environment.has("SPRING_DATASOURCE_URL")).as("%s: H2, the default", service.getKey()).isFalse();
			assertThat(environment.at("/OTEL_EXPORTER_OTLP_ENDPOINT").asText())
				.as("%s: traces where the user says", service.getKey())
				.isEqualTo("${OTEL_EXPORTER_OTLP_ENDPOINT:-}");
		}
	}

	@Test
	void everyFileTheStackMountsExists() {
		List<String> sources = new ArrayList<>();
		compose.get("services").properties().forEach((service) -> {
			for (JsonNode volume : service.getValue().path("volumes")) {
				String source = volume.asText().split(":")[0];
				if (source.startsWith("./")) {
					sources.add(source);
				}
			}
		});
		assertThat(sources).hasSizeGreaterThanOrEqualTo(6);
		for (String source : sources) {
			assertThat(ROOT.resolve(source)).as(source).exists();
		}
	}

	@Test
	void theDefaultStackHasAMemoryLimitOnEveryContainerAndFitsInThreeGibibytes() {
		long total = 0;
		for (Map.Entry<String, JsonNode> service : compose.get("services").properties()) {
			JsonNode definition = service.getValue();
			assertThat(definition.has("mem_limit")).as(service.getKey()).isTrue();
			if (!definition.has("profiles")) {
				total += mebibytes(definition.get("mem_limit").asText());
			}
		}
		assertThat(total).as("MiB of the default stack").isPositive().isLessThan(3 * 1024);
	}

	@Test
	void theSuiteServicesAreBuiltFromTheDockerfileRestartAfterACrashAndSendTracesToJaeger() {
		Map<String, Integer> services = Manifests.suiteServices();
		for (Map.Entry<String, Integer> entry : services.entrySet()) {
			JsonNode service = compose.get("services").get(entry.getKey());
			assertThat(service).as(entry.getKey()).isNotNull();
			assertThat(service.at("/build/args/MODULE").asText()).isEqualTo(entry.getKey());
			assertThat(service.at("/build/context").asText()).isEqualTo(".");
			assertThat(service.path("restart").asText()).as(entry.getKey()).isEqualTo("unless-stopped");
			assertThat(service.at("/environment/OTEL_TRACES_EXPORTER").asText()).isEqualTo("otlp");
			assertThat(service.at("/environment/OTEL_EXPORTER_OTLP_ENDPOINT").asText()).isEqualTo("http://jaeger:4318");
			assertThat(service.path("ports").get(0).asText())
				.isEqualTo("127.0.0.1:%d:%d".formatted(entry.getValue(), entry.getValue()));
		}
	}

	@Test
	void servicesReachEachOtherByComposeNameOnTheirOwnPorts() {
		Map<String, Integer> ports = Manifests.suiteServices();
		Pattern uri = Pattern.compile("http://([a-z-]+):(\\d+)");
		int checked = 0;
		for (String name : ports.keySet()) {
			for (Map.Entry<String, JsonNode> variable : compose.get("services")
				.get(name)
				.path("environment")
				.properties()) {
				if (!variable.getKey().endsWith("_URI")) {
					continue;
				}
				Matcher matcher = uri.matcher(variable.getValue().asText());
				assertThat(matcher.matches()).as(variable.getKey()).isTrue();
				assertThat(ports).as(variable.getKey())
					.containsEntry(matcher.group(1), Integer.parseInt(matcher.group(2)));
				checked++;
			}
		}
		assertThat(checked).as("SERVICE_B_URI, AUTH_SERVICE_URI (order, payment), PAYMENT_SERVICE_URI").isEqualTo(4);
	}

	@Test
	void prometheusRulesAreThePrometheusRuleSpecExtractedByTheContainersOwnCommand(@TempDir Path work)
			throws Exception {
		Path rules = extractRules(work);
		JsonNode extracted = yaml.readTree(rules.toFile());
		JsonNode spec = yaml.readTree(ROOT.resolve("k8s/components/monitoring/prometheusrule.yaml").toFile())
			.get("spec");
		assertThat(extracted).isEqualTo(spec);
		assertThat(extracted.at("/groups/1/rules").size()).isGreaterThanOrEqualTo(8);
		ExternalTool.Result check = Promtool.tool().run(null, work, "check", "rules", rules.toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
	}

	@Test
	void prometheusConfigurationValidatesAndScrapesEveryServiceAsItsOwnJob(@TempDir Path work) throws Exception {
		Path rules = extractRules(work);
		String config = Files.readString(ROOT.resolve("compose/prometheus/prometheus.yml"));
		assertThat(config).contains("/tmp/rules/o11y-demo.rules.yml");
		Path local = work.resolve("prometheus.yml");
		Files.writeString(local, config.replace("/tmp/rules/o11y-demo.rules.yml", rules.toString()));
		ExternalTool.Result check = Promtool.tool().run(null, work, "check", "config", local.toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 1 rule files found");

		Map<String, String> jobs = new TreeMap<>();
		JsonNode probes = null;
		for (JsonNode job : yaml.readTree(config).get("scrape_configs")) {
			if (job.get("job_name").asText().equals("blackbox")) {
				probes = job;
				continue;
			}
			jobs.put(job.get("job_name").asText(),
					job.at("/static_configs/0/targets/0").asText() + job.get("metrics_path").asText());
		}
		Map<String, String> expected = new TreeMap<>();
		Manifests.suiteServices().forEach((name, port) -> expected.put(name, name + ":" + port + "/metrics"));
		assertThat(jobs).isEqualTo(expected);
		// The probes reach each service by its compose name, through compose's exporter.
		assertThat(probes).as("the blackbox job").isNotNull();
		assertThat(probes.at("/relabel_configs/3/replacement").asText()).isEqualTo("blackbox-exporter:9115");
		List<String> probed = new ArrayList<>();
		probes.get("static_configs").forEach((group) -> probed.add(group.at("/targets/0").asText()));
		assertThat(probed).contains("http://service-a:3001/", "http://payment-service:8083/payment/probe");
		JsonNode exporter = compose.at("/services/blackbox-exporter");
		assertThat(exporter.path("volumes").get(0).asText())
			.startsWith("./k8s/components/monitoring/blackbox/modules.yml:");
		JsonNode prometheus = compose.at("/services/prometheus");
		assertThat(prometheus.path("command").get(0).asText()).contains("--enable-feature=exemplar-storage");
	}

	@Test
	void composesPrometheusConfigurationIsTheOutputOfTheOneScriptThatWritesIt() throws Exception {
		String committed = Files.readString(ROOT.resolve("compose/prometheus/prometheus.yml"));
		List<String> header = committed.lines().takeWhile((line) -> line.startsWith("# ")).toList();
		String command = header.get(1).substring(2).strip();
		assertThat(command).startsWith("scripts/prometheus-config.sh ");
		List<String> args = new ArrayList<>(List.of(ROOT.resolve("scripts/prometheus-config.sh").toString()));
		args.addAll(List.of(command.substring("scripts/prometheus-config.sh ".length()).split(" ")));
		for (String line : header) {
			args.addAll(List.of("--header", line.substring(2)));
		}
		ExternalTool.Result written = ExternalTool.require("bash", "").run(null, ROOT, args.toArray(String[]::new));
		assertThat(written.exitCode()).as(written.output()).isZero();
		assertThat(committed).as("compose/prometheus/prometheus.yml: run the command in its header again")
			.isEqualTo(written.output());
	}

	@Test
	void alertmanagerStartsWithNoCredentialsAndRoutesNowhere(@TempDir Path work) throws Exception {
		Path config = renderAlertmanager(work, Map.of());
		assertThat(amtool("check-config", config.toString()).exitCode()).isZero();
		assertThat(routes(config, "severity=critical")).isEqualTo("default");
		assertThat(routes(config, "severity=warning")).isEqualTo("default");
	}

	@Test
	void alertmanagerRoutesLikeTheKubernetesConfigOnceReceiversAreConfigured(@TempDir Path work) throws Exception {
		Map<String, String> env = Map.of("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/secret-part",
				"SMTP_PASSWORD", "pa'ss\"word", "ALERT_EMAIL_TO", "oncall@example.com");
		Path config = renderAlertmanager(work, env);
		ExternalTool.Result check = amtool("check-config", config.toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(routes(config, "severity=critical")).isEqualTo("email,slack");
		assertThat(routes(config, "severity=warning")).isEqualTo("slack");
		assertThat(routes(config, "severity=info")).isEqualTo("default");

		String rendered = Files.readString(config);
		assertThat(rendered).doesNotContain("secret-part").doesNotContain("pa'ss");
		assertThat(Files.readString(work.resolve("smtp_password"))).isEqualTo("pa'ss\"word");

		JsonNode k8s = yaml.readTree(ROOT.resolve("k8s/components/monitoring/alertmanagerconfig.yaml").toFile());
		Map<String, String> k8sRoutes = new LinkedHashMap<>();
		for (JsonNode route : k8s.at("/spec/route/routes")) {
			JsonNode matcher = route.at("/matchers/0");
			k8sRoutes.put(route.get("receiver").asText(),
					"severity" + matcher.get("matchType").asText() + "\"" + matcher.get("value").asText() + "\"");
		}
		Map<String, String> composeRoutes = new LinkedHashMap<>();
		for (JsonNode route : yaml.readTree(config.toFile()).at("/route/routes")) {
			composeRoutes.put(route.get("receiver").asText(), route.at("/matchers/0").asText());
		}
		assertThat(composeRoutes).isEqualTo(k8sRoutes);

		// Notifications group, wait and read alike, each naming the cluster it came from.
		JsonNode composeConfig = yaml.readTree(config.toFile());
		assertThat(composeConfig.at("/route/group_by")).isEqualTo(k8s.at("/spec/route/groupBy"));
		assertThat(composeConfig.at("/route/group_wait").asText()).isEqualTo(k8s.at("/spec/route/groupWait").asText());
		assertThat(composeConfig.at("/route/repeat_interval").asText())
			.isEqualTo(k8s.at("/spec/route/repeatInterval").asText());
		assertThat(k8s.at("/spec/route/groupBy").get(0).asText()).isEqualTo("cluster");
		String title = k8s.at("/spec/receivers/2/slackConfigs/0/title").asText();
		assertThat(title).contains(".CommonLabels.cluster");
		assertThat(composeConfig.at("/receivers/2/slack_configs/0/title").asText()).isEqualTo(title);
		assertThat(composeConfig.at("/receivers/2/slack_configs/0/text").asText())
			.isEqualTo(k8s.at("/spec/receivers/2/slackConfigs/0/text").asText());
	}

	@Test
	void alertmanagerSendsSlackAloneWhenOnlyTheWebhookIsSet(@TempDir Path work) throws Exception {
		Path config = renderAlertmanager(work, Map.of("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/C"));
		assertThat(amtool("check-config", config.toString()).exitCode()).isZero();
		assertThat(routes(config, "severity=critical")).isEqualTo("slack");
		assertThat(work.resolve("smtp_password")).doesNotExist();
	}

	@Test
	void everyVariableTheComposeFilesReadIsInTheCommittedExample() throws IOException {
		String file = (Files.readString(ROOT.resolve("docker-compose.yml"))
				+ Files.readString(ROOT.resolve("docker-compose.override.yml")))
			.replace("$$", "");
		Set<String> used = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(file);
		while (matcher.find()) {
			used.add(matcher.group(1));
		}
		Set<String> documented = new TreeSet<>();
		Files.readAllLines(ROOT.resolve(".env.example"))
			.stream()
			.filter((line) -> line.matches("[A-Z0-9_]+=.*"))
			.forEach((line) -> documented.add(line.substring(0, line.indexOf('='))));
		assertThat(used).isNotEmpty().isEqualTo(documented);
	}

	@Test
	void grafanaProvisionsTheKubernetesDashboardsAndLinksExemplarsToJaeger() throws IOException {
		JsonNode grafana = compose.at("/services/grafana");
		String dashboardsMount = null;
		for (JsonNode volume : grafana.get("volumes")) {
			String[] parts = volume.asText().split(":");
			if (parts[0].equals("./k8s/components/monitoring/dashboards")) {
				dashboardsMount = parts[1];
			}
		}
		assertThat(dashboardsMount).isNotNull();
		JsonNode provider = yaml
			.readTree(ROOT.resolve("compose/grafana/provisioning/dashboards/dashboards.yml").toFile());
		assertThat(provider.at("/providers/0/options/path").asText()).isEqualTo(dashboardsMount);
		String home = grafana.at("/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
		assertThat(home).startsWith(dashboardsMount + "/");
		assertThat(ROOT.resolve("k8s/components/monitoring/dashboards")
			.resolve(home.substring(dashboardsMount.length() + 1))).exists();

		JsonNode datasources = yaml
			.readTree(ROOT.resolve("compose/grafana/provisioning/datasources/datasources.yml").toFile());
		Map<String, JsonNode> byUid = new TreeMap<>();
		datasources.get("datasources").forEach((source) -> byUid.put(source.get("uid").asText(), source));
		assertThat(byUid).containsKeys("prometheus", "jaeger", "loki");
		JsonNode exemplars = byUid.get("prometheus").at("/jsonData/exemplarTraceIdDestinations/0");
		assertThat(exemplars.get("name").asText()).isEqualTo("trace_id");
		assertThat(byUid).containsKey(exemplars.get("datasourceUid").asText());
		assertThat(byUid.get("prometheus").get("url").asText()).isEqualTo("http://prometheus:9090");
		assertThat(byUid.get("jaeger").get("url").asText()).isEqualTo("http://jaeger:16686");
	}

	/**
	 * Runs the part of the Prometheus container's command before {@code exec}, with its
	 * mounts mapped here.
	 */
	private static Path extractRules(Path work) throws Exception {
		JsonNode prometheus = compose.at("/services/prometheus");
		String command = prometheus.get("command").get(0).asText().replace("$$", "$");
		String prepare = command.substring(0, command.indexOf("&& exec"));
		for (JsonNode volume : prometheus.get("volumes")) {
			String[] parts = volume.asText().split(":");
			if (parts[0].startsWith("./")) {
				prepare = prepare.replace(parts[1], ROOT.resolve(parts[0]).normalize().toString());
			}
		}
		prepare = prepare.replace("/tmp/rules", work.resolve("rules").toString());
		Process process = new ProcessBuilder("sh", "-c", prepare).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(prepare + "\n" + output).isZero();
		return work.resolve("rules/o11y-demo.rules.yml");
	}

	private static Path renderAlertmanager(Path work, Map<String, String> env) throws Exception {
		JsonNode alertmanager = compose.at("/services/alertmanager");
		assertThat(alertmanager.get("command").get(0).asText())
			.startsWith("sh /etc/alertmanager/render-config.sh /tmp/alertmanager /etc/alertmanager/o11y-demo.yaml");
		assertThat(alertmanager.get("volumes").toString()).as("the Kubernetes configuration it reads")
			.contains("./k8s/components/monitoring/alertmanagerconfig.yaml:/etc/alertmanager/o11y-demo.yaml:ro");
		for (Map.Entry<String, JsonNode> variable : alertmanager.get("environment").properties()) {
			assertThat(variable.getValue().asText()).as("compose passes %s through from .env", variable.getKey())
				.startsWith("${" + variable.getKey());
		}
		ProcessBuilder builder = new ProcessBuilder("sh",
				ROOT.resolve("compose/alertmanager/render-config.sh").toString(), work.toString(),
				ROOT.resolve("k8s/components/monitoring/alertmanagerconfig.yaml").toString())
			.redirectErrorStream(true);
		builder.environment()
			.keySet()
			.removeIf(
					(name) -> name.startsWith("SLACK_") || name.startsWith("SMTP_") || name.startsWith("ALERT_EMAIL_"));
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return work.resolve("alertmanager.yml");
	}

	private static ExternalTool.Result amtool(String... args) throws Exception {
		return ExternalTool.require("amtool", "apt-get install --no-install-recommends prometheus-alertmanager")
			.run(null, null, args);
	}

	/**
	 * The receivers an alert with these labels goes to, as amtool's route test prints
	 * them.
	 */
	private static String routes(Path config, String labels) throws Exception {
		ExternalTool.Result result = amtool("config", "routes", "test", "--config.file=" + config, labels);
		assertThat(result.exitCode()).as(result.output()).isZero();
		return result.output()
			.lines()
			.filter((line) -> !line.startsWith("Warning"))
			.reduce((a, b) -> b)
			.orElseThrow()
			.trim();
	}

	private static long mebibytes(String limit) {
		Matcher matcher = Pattern.compile("(\\d+)([mg])").matcher(limit);
		assertThat(matcher.matches()).as(limit).isTrue();
		long value = Long.parseLong(matcher.group(1));
		return matcher.group(2).equals("g") ? value * 1024 : value;
	}

}
