package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.PromQl;

/**
 * The dashboards as code: valid against Grafana's own schema, every variable they use
 * defined, every link to a dashboard that exists, panels laid out without overlap, and
 * each shipped whole to Grafana's sidecar. (That every query returns data is proven
 * against live services and a real Prometheus in suite-tests' DashboardsEndToEndTests.)
 */
class DashboardsTests {

	static final Path DASHBOARDS = Manifests.ROOT.resolve("k8s/components/monitoring/dashboards");

	private static final Path LINT = Manifests.ROOT.resolve("deploy-tests/target/dashboard-lint");

	/** Grafana's own variables, which a dashboard uses without defining. */
	private static final Set<String> BUILT_IN = Set.of("__rate_interval", "__interval", "__range", "__url_time_range",
			"__data");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");

	/** The matcher every Prometheus selector of a dashboard starts with. */
	private static final String CLUSTER_MATCHER = "cluster=~\"$cluster\"";

	private static final ObjectMapper json = new ObjectMapper();

	@Test
	void everyDashboardHasAUniqueUidTitleAndDescriptionAndADataSourceVariable() throws Exception {
		Set<String> uids = new HashSet<>();
		for (Path file : dashboards()) {
			JsonNode dashboard = json.readTree(file.toFile());
			assertThat(uids.add(dashboard.path("uid").asText())).as(file.toString()).isTrue();
			assertThat(dashboard.path("title").asText()).as(file.toString()).startsWith("o11y demo / ");
			assertThat(dashboard.path("description").asText()).as("the question %s answers", file).endsWith("?");
			assertThat(dashboard.path("schemaVersion").asInt()).as(file.toString()).isPositive();
			assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource");
			for (JsonNode panel : panels(dashboard)) {
				assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
				for (JsonNode target : panel.path("targets")) {
					String type = target.path("datasource").path("type").asText();
					assertThat(target.path("datasource").path("uid").asText()).as(panel.path("title").asText())
						.isEqualTo(type.equals("loki") ? "${loki}" : "${datasource}");
					assertThat(target.path("expr").asText()).isNotBlank();
				}
			}
		}
		assertThat(uids).hasSize(7);
	}

	@Test
	void everyDashboardSatisfiesGrafanasSchema() throws Exception {
		DashboardLint.configure(LINT, DashboardLint.nodeModules());
		for (Path file : dashboards()) {
			Files.writeString(LINT.resolve(name(file) + ".ts"), DashboardLint.typescript(json.readTree(file.toFile())));
		}
		ExternalTool.Result result = DashboardLint.compile(LINT);
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void theSchemaCheckCatchesAnUnknownKeyAndAWrongEnumValue() throws Exception {
		Path broken = LINT.resolve("broken");
		DashboardLint.configure(broken, DashboardLint.nodeModules());
		ObjectNode dashboard = (ObjectNode) json.readTree(DASHBOARDS.resolve("golden-signals.json").toFile());
		ObjectNode timeseries = (ObjectNode) panels(dashboard).stream()
			.filter((panel) -> panel.path("type").asText().equals("timeseries"))
			.findFirst()
			.orElseThrow();
		((ObjectNode) timeseries.path("options").path("legend")).put("displayMode", "lists");
		((ObjectNode) dashboard.path("time")).put("form", "now-1h");
		Files.writeString(broken.resolve("golden-signals.ts"), DashboardLint.typescript(dashboard));
		ExternalTool.Result result = DashboardLint.compile(broken);
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("\"lists\"").contains("'\"form\"'");
	}

	@Test
	void everyDashboardOffersEachClusterAndAllAndEveryPrometheusSelectorIsLimitedToTheChosenOne() throws Exception {
		List<String> problems = new ArrayList<>();
		int selectors = 0;
		for (Path file : dashboards()) {
			JsonNode dashboard = json.readTree(file.toFile());
			List<String> queries = new ArrayList<>();
			JsonNode cluster = null;
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				if (variable.path("name").asText().equals("cluster")) {
					cluster = variable;
				}
				else if (variable.path("type").asText().equals("query")) {
					assertThat(cluster)
						.as("%s: the cluster variable comes before %s, which reads it", file,
								variable.path("name").asText())
						.isNotNull();
					queries.add(variable.path("query")
						.path("query")
						.asText()
						.replaceAll("^label_values\\((.*),[^,]*\\)$", "$1"));
				}
			}
			assertThat(cluster).as("%s has a cluster variable", file).isNotNull();
			assertThat(cluster.path("query").path("query").asText()).isEqualTo("label_values(up, cluster)");
			assertThat(cluster.path("includeAll").asBoolean()).isTrue();
			assertThat(cluster.path("allValue").asText()).as("All matches a series without the label, too")
				.isEqualTo(".*");
			for (JsonNode panel : panels(dashboard)) {
				for (JsonNode target : panel.path("targets")) {
					if (!target.path("datasource").path("type").asText().equals("loki")) {
						queries.add(target.path("expr").asText());
					}
				}
			}
			for (String query : queries) {
				List<String> unlimited = selectorsWithoutCluster(query);
				selectors += PromQl.selectors(query).size();
				if (!unlimited.isEmpty()) {
					problems.add(file.getFileName() + ": " + unlimited + " in " + query);
				}
			}
		}
		assertThat(problems).isEmpty();
		assertThat(selectors).isGreaterThan(100);
	}

	@Test
	void theClusterCheckFindsASelectorLeftUnlimited() {
		assertThat(selectorsWithoutCluster("sum by (le) (rate(a_bucket{cluster=~\"$cluster\"}[5m]))")).isEmpty();
		assertThat(selectorsWithoutCluster(
				"up{cluster=~\"$cluster\"} * on (pod) kube_pod_info{pod!=\"\"} or logins_total"))
			.containsExactly("kube_pod_info{pod!=\"\"}", "logins_total");
	}

	/** The selectors of {@code expr} not led by the dashboard's cluster matcher. */
	static List<String> selectorsWithoutCluster(String expr) {
		return PromQl.selectors(expr)
			.stream()
			.filter((selector) -> !selector.matchers().startsWith(CLUSTER_MATCHER))
			.map(PromQl.Selector::toString)
			.toList();
	}

	@Test
	void everyVariableADashboardUsesIsDefinedInIt() throws Exception {
		List<String> undefined = new ArrayList<>();
		for (Path file : dashboards()) {
			JsonNode dashboard = json.readTree(file.toFile());
			Set<String> defined = new TreeSet<>(dashboard.path("templating").path("list").findValuesAsText("name"));
			ObjectNode withoutTemplating = dashboard.deepCopy();
			withoutTemplating.remove("templating");
			Matcher used = VARIABLE.matcher(json.writeValueAsString(withoutTemplating));
			while (used.find()) {
				if (!defined.contains(used.group(1)) && !BUILT_IN.contains(used.group(1))) {
					undefined.add(file.getFileName() + ": $" + used.group(1));
				}
			}
		}
		assertThat(undefined).isEmpty();
	}

	@Test
	void everyLinkToADashboardNamesOneThatShipsAndEveryTagLinkFindsSome() throws Exception {
		Map<String, JsonNode> byUid = new TreeMap<>();
		for (Path file : dashboards()) {
			JsonNode dashboard = json.readTree(file.toFile());
			byUid.put(dashboard.path("uid").asText(), dashboard);
		}
		Pattern link = Pattern.compile("/d/([\\w-]+)");
		int links = 0;
		for (JsonNode dashboard : byUid.values()) {
			Matcher uid = link.matcher(json.writeValueAsString(dashboard));
			while (uid.find()) {
				links++;
				assertThat(byUid).as(dashboard.path("uid").asText()).containsKey(uid.group(1));
			}
			for (JsonNode tagLink : dashboard.path("links")) {
				for (JsonNode tag : tagLink.path("tags")) {
					assertThat(byUid.values().stream().filter((other) -> other != dashboard))
						.as("%s's link by tag %s", dashboard.path("uid").asText(), tag.asText())
						.anyMatch((other) -> other.path("tags").toString().contains(tag.toString()));
				}
			}
		}
		assertThat(links).as("the overview and SLO link to the golden signals").isPositive();
	}

	@Test
	void panelsHaveUniqueIdsAndFitTheGridWithoutOverlapping() throws Exception {
		for (Path file : dashboards()) {
			List<JsonNode> panels = new ArrayList<>();
			json.readTree(file.toFile()).path("panels").forEach(panels::add);
			Set<Integer> ids = new HashSet<>();
			for (int i = 0; i < panels.size(); i++) {
				JsonNode a = panels.get(i);
				String title = file.getFileName() + ": " + a.path("title").asText();
				assertThat(ids.add(a.path("id").asInt())).as(title).isTrue();
				JsonNode grid = a.path("gridPos");
				assertThat(grid.path("w").asInt()).as(title).isPositive();
				assertThat(grid.path("h").asInt()).as(title).isPositive();
				assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
				for (int j = i + 1; j < panels.size(); j++) {
					JsonNode other = panels.get(j).path("gridPos");
					boolean apart = grid.path("x").asInt() + grid.path("w").asInt() <= other.path("x").asInt()
							|| other.path("x").asInt() + other.path("w").asInt() <= grid.path("x").asInt()
							|| grid.path("y").asInt() + grid.path("h").asInt() <= other.path("y").asInt()
							|| other.path("y").asInt() + other.path("h").asInt() <= grid.path("y").asInt();
					assertThat(apart).as("%s and %s overlap", title, panels.get(j).path("title").asText()).isTrue();
				}
			}
		}
	}

	@Test
	void latencyPanelsShowExemplars() throws Exception {
		JsonNode golden = json.readTree(DASHBOARDS.resolve("golden-signals.json").toFile());
		int histogramTargets = 0;
		for (JsonNode panel : panels(golden)) {
			for (JsonNode target : panel.path("targets")) {
				if (target.path("expr").asText().contains("http_request_duration_seconds_bucket")) {
					histogramTargets++;
					assertThat(target.path("exemplar").asBoolean()).as(panel.path("title").asText()).isTrue();
				}
			}
		}
		assertThat(histogramTargets).isGreaterThanOrEqualTo(3);
	}

	@Test
	void eachDashboardShipsUnchangedInItsOwnConfigMapForTheGrafanaSidecar() throws Exception {
		List<HasMetadata> configMaps = Manifests.ofKind(Manifests.load("overlays/eks"), ConfigMap.class)
			.stream()
			.filter((configMap) -> "1".equals(configMap.getMetadata().getLabels().get("grafana_dashboard")))
			.map(HasMetadata.class::cast)
			.toList();
		List<Path> files = dashboards();
		assertThat(configMaps).hasSameSizeAs(files);
		for (Path file : files) {
			ConfigMap configMap = Manifests.named(configMaps, ConfigMap.class, "o11y-demo-dashboard-" + name(file));
			assertThat(configMap.getData()).containsOnlyKeys(file.getFileName().toString());
			assertThat(configMap.getData().get(file.getFileName().toString())).isEqualTo(Files.readString(file));
			// kubectl apply keeps the whole object in an annotation of at most 256 KiB.
			assertThat(Manifests.serialization.asJson(configMap).length()).as(file.toString())
				.isLessThan(256 * 1024 / 2);
		}
	}

	static List<Path> dashboards() throws Exception {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

	static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		dashboard.path("panels").forEach((panel) -> {
			if (!panel.path("type").asText().equals("row")) {
				panels.add(panel);
			}
		});
		return panels;
	}

	private static String name(Path file) {
		return file.getFileName().toString().replaceFirst("\\.json$", "");
	}

}
