package dev.o11ydemo.deploy;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.Topology;

/**
 * {@code scripts/services} is the one list of the suite's services: what must also name
 * each of them (Maven's modules, the compose scrape jobs, the ServiceMonitor) is checked
 * against it here or in the test named below, and any other file that names them all
 * fails the build until it reads the list or says why it cannot.
 */
class TopologyTests {

	private static final Path ROOT = Manifests.ROOT;

	private static final Topology TOPOLOGY = Topology.read(ROOT.resolve(Topology.FILE));

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	/**
	 * Files that name every service, and why that is not a second list. Markdown is prose
	 * about the services and is not listed.
	 */
	private static final Map<String, String> NAMING_EVERY_SERVICE = Map.ofEntries(entry("scripts/services", "the list"),
			entry("pom.xml", "Maven builds each module: checked here"),
			entry("suite-tests/pom.xml", "builds each service before the suite tests: checked here"),
			entry("compose/prometheus/prometheus.yml", "a scrape job per service: checked here"),
			entry("k8s/components/monitoring/servicemonitor.yaml", "selects each service's Service: checked here"),
			entry("k8s/components/monitoring/prometheusrule.yaml", "ServiceDown and ServiceAbsent: AlertRulesTests"),
			entry("k8s/components/monitoring/tests/alerts.test.yml", "promtool's input series per service"),
			entry("k8s/components/monitoring/tests/clusters.test.yml",
					"promtool's input series per service, in two clusters"),
			entry("k8s/components/monitoring/blackbox/probes.txt",
					"the route each service is probed at from outside, and with which module: prometheus-config.sh "
							+ "refuses a service the list does not have"),
			entry("k8s/base/kustomization.yaml", "a base per service: OverlaysTests"),
			entry("k8s/components/canary/rollouts.yaml", "a Rollout per service's Deployment: CanaryTests"),
			entry("k8s/components/network-policies/network-policies.yaml",
					"who may call service-b and auth-service: EksOverlayTests"),
			entry("k8s/overlays/local/kustomization.yaml", "an image per service: OverlaysTests"),
			entry("k8s/components/eks/kustomization.yaml", "an image per service: OverlaysTests"),
			entry("k8s/platform/cluster.yaml", "an IAM role per service account for its secrets: AwsSecretsTests"),
			entry("docker-compose.yml", "a compose service per service: ComposeTests"),
			entry("docker-compose.override.yml", "each service's database and trace settings"),
			entry("load-test/run.sh", "an option per service, for targets that are not local"),
			entry("load-test/src/main/java/dev/o11ydemo/loadtest/Settings.java", "the load test's target per service"),
			entry("load-test/src/main/java/dev/o11ydemo/loadtest/Smoke.java", "each service's own routes"),
			entry("load-test/src/main/java/dev/o11ydemo/loadtest/Traffic.java", "each service's own routes"),
			entry("load-test/src/main/java/dev/o11ydemo/loadtest/benchmark/Benchmark.java",
					"the services each route is driven through"),
			entry("suite-tests/src/test/java/dev/o11ydemo/suite/SuiteServices.java", "a field per service for tests"),
			entry("suite-tests/src/test/java/dev/o11ydemo/suite/LoadTestTests.java", "each service's own routes"),
			entry("load-test/gamedays/full.yml",
					"the faults each service runs in the full game day, which is also the alert proof"),
			entry("suite-tests/src/test/java/dev/o11ydemo/suite/LoadGenerator.java",
					"load-test/run.sh's option per service"),
			entry("deploy-tests/src/test/java/dev/o11ydemo/deploy/ImageTests.java",
					"the service-a/service-b pairs and the order trio it runs"));

	@Test
	void everyServiceIsAModuleTheSuiteTestsBuild() throws IOException {
		String modules = Files.readString(ROOT.resolve("pom.xml"));
		String suiteTests = Files.readString(ROOT.resolve("suite-tests/pom.xml"));
		for (String name : TOPOLOGY.names()) {
			assertThat(ROOT.resolve(name).resolve("pom.xml")).as(name).isRegularFile();
			assertThat(modules).as("pom.xml's modules").contains("<module>" + name + "</module>");
			assertThat(suiteTests).as("suite-tests/pom.xml").contains("<artifactId>" + name + "</artifactId>");
		}
	}

	@Test
	void everyServiceIsProbedFromOutsideAndEachPublicProbeReachesItsServiceThroughTheAlb() throws IOException {
		Map<String, String> backends = new TreeMap<>();
		Map<String, String> exact = new TreeMap<>();
		for (JsonNode path : yaml.readTree(ROOT.resolve("k8s/components/eks/ingress.yaml").toFile())
			.at("/spec/rules/0/http/paths")) {
			String service = path.at("/backend/service/name").asText();
			(path.get("pathType").asText().equals("Exact") ? exact : backends).put(path.get("path").asText(), service);
		}
		Set<String> probed = new TreeSet<>();
		for (String line : Files.readAllLines(ROOT.resolve("k8s/components/monitoring/blackbox/probes.txt"))) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] fields = line.trim().split("\\s+");
			assertThat(fields).as(line).hasSize(4);
			assertThat(fields[0]).as(line).isIn("public", "local");
			probed.add(fields[1]);
			if (fields[0].equals("public")) {
				String route = exact.get(fields[2]);
				if (route == null) {
					// The longest Prefix path the probed path is under, as the ALB
					// matches.
					route = backends.entrySet()
						.stream()
						.filter((entry) -> fields[2].equals(entry.getKey())
								|| fields[2].startsWith(entry.getKey().replaceFirst("/$", "") + "/"))
						.max(Map.Entry.comparingByKey(Comparator.comparingInt(String::length)))
						.map(Map.Entry::getValue)
						.orElse(null);
				}
				assertThat(route).as("the service the ALB routes %s to", fields[2]).isEqualTo(fields[1]);
			}
		}
		assertThat(probed).as("the services probed from outside").isEqualTo(new TreeSet<>(TOPOLOGY.names()));
	}

	@Test
	void theServicesEachCallsAreTheOnesItHasAFeignClientFor() throws IOException {
		Pattern client = Pattern.compile("@FeignClient\\(name = \"([^\"]+)\"");
		for (Topology.Service service : TOPOLOGY.services()) {
			Set<String> clients = new TreeSet<>();
			client.matcher(mainSources(service.name())).results().forEach((match) -> clients.add(match.group(1)));
			assertThat(clients).as("%s's Feign clients, whose settings the list's calls give", service.name())
				.isEqualTo(new TreeSet<>(service.dependencies().values()));
		}
	}

	/**
	 * The main sources of a module and of the suite's modules it depends on (auth-client
	 * calls auth-service for the services that use it).
	 */
	private static String mainSources(String module) throws IOException {
		String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
		StringBuilder text = new StringBuilder();
		try (Stream<Path> folders = Files.list(ROOT)) {
			for (Path folder : folders.filter((candidate) -> Files.isRegularFile(candidate.resolve("pom.xml")))
				.toList()) {
				String name = folder.getFileName().toString();
				if (name.equals(module) || pom.contains("<artifactId>" + name + "</artifactId>")) {
					try (Stream<Path> files = Files.walk(folder.resolve("src/main"))) {
						for (Path file : files.filter(Files::isRegularFile).toList()) {
							text.append(Files.readString(file));
						}
					}
				}
			}
		}
		return text.toString();
	}

	@Test
	void composePrometheusScrapesEveryServiceAtItsPortAndNothingElseOfTheSuite() throws IOException {
		JsonNode config = yaml.readTree(ROOT.resolve("compose/prometheus/prometheus.yml").toFile());
		Map<String, String> targets = new TreeMap<>();
		for (JsonNode job : config.get("scrape_configs")) {
			String name = job.get("job_name").asText();
			if (TOPOLOGY.names().contains(name)) {
				targets.put(name, job.at("/static_configs/0/targets/0").asText());
			}
		}
		Map<String, String> expected = new TreeMap<>();
		TOPOLOGY.services().forEach((service) -> expected.put(service.name(), service.name() + ":" + service.port()));
		assertThat(targets).isEqualTo(expected);
	}

	@Test
	void theServiceMonitorSelectsExactlyTheServices() throws IOException {
		JsonNode monitor = yaml.readTree(ROOT.resolve("k8s/components/monitoring/servicemonitor.yaml").toFile());
		Set<String> selected = new TreeSet<>();
		monitor.at("/spec/selector/matchExpressions/0/values").forEach((value) -> selected.add(value.asText()));
		assertThat(selected).isEqualTo(new TreeSet<>(TOPOLOGY.names()));
	}

	@Test
	void noOtherFileNamesEveryService() throws IOException {
		List<String> naming = new ArrayList<>();
		try (Stream<Path> files = Files.walk(ROOT)) {
			for (Path file : files.filter(TopologyTests::isSource).toList()) {
				String text = read(file);
				if (text != null && TOPOLOGY.names().stream().allMatch(text::contains)) {
					naming.add(ROOT.relativize(file).toString().replace('\\', '/'));
				}
			}
		}
		assertThat(naming)
			.as("files naming every service; read scripts/services instead, or say why in " + "NAMING_EVERY_SERVICE")
			.allMatch(NAMING_EVERY_SERVICE::containsKey);
		assertThat(NAMING_EVERY_SERVICE.keySet()).as("entries of NAMING_EVERY_SERVICE that no longer name them all")
			.allMatch(naming::contains);
	}

	private static boolean isSource(Path file) {
		Path relative = ROOT.relativize(file);
		for (Path part : relative) {
			String name = part.toString();
			if (name.startsWith(".") || name.equals("target") || name.equals("node_modules") || name.equals("logs")
					|| name.equals("data")) {
				return false;
			}
		}
		return Files.isRegularFile(file) && !file.toString().endsWith(".md");
	}

	/** The file's text, or null for a binary file. */
	private static String read(Path file) throws IOException {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
				.toString();
		}
		catch (CharacterCodingException binary) {
			return null;
		}
	}

}
