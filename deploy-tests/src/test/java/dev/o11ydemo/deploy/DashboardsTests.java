package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

/**
 * The dashboards as code: valid JSON, shipped whole to Grafana's sidecar, on a chosen
 * data source, with exemplars on the latency panels. (That every metric they query really
 * exists is checked against live services in suite-tests.)
 */
class DashboardsTests {

	private static final Path DASHBOARDS = Manifests.ROOT.resolve("k8s/components/monitoring/dashboards");

	private static final ObjectMapper json = new ObjectMapper();

	@Test
	void everyDashboardParsesWithAUniqueUidAndADataSourceVariable() throws Exception {
		Set<String> uids = new HashSet<>();
		for (Path file : dashboards()) {
			JsonNode dashboard = json.readTree(file.toFile());
			assertThat(uids.add(dashboard.path("uid").asText())).as(file.toString()).isTrue();
			assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource");
			for (JsonNode panel : dashboard.path("panels")) {
				assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
				for (JsonNode target : panel.path("targets")) {
					assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
					assertThat(target.path("expr").asText()).isNotBlank();
				}
			}
		}
		assertThat(uids).hasSize(2);
	}

	@Test
	void latencyPanelsShowExemplars() throws Exception {
		JsonNode golden = json.readTree(DASHBOARDS.resolve("golden-signals.json").toFile());
		int histogramTargets = 0;
		for (JsonNode panel : golden.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				if (target.path("expr").asText().contains("http_request_duration_seconds_bucket")) {
					histogramTargets++;
					assertThat(target.path("exemplar").asBoolean()).as(panel.path("title").asText()).isTrue();
				}
			}
		}
		assertThat(histogramTargets).isPositive();
	}

	@Test
	void theRenderedConfigMapCarriesEachDashboardUnchangedForTheGrafanaSidecar() throws Exception {
		ConfigMap dashboards = Manifests.named(Manifests.load("overlays/eks"), ConfigMap.class, "o11y-demo-dashboards");
		assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		for (Path file : dashboards()) {
			assertThat(dashboards.getData().get(file.getFileName().toString())).isEqualTo(Files.readString(file));
		}
	}

	private static List<Path> dashboards() throws Exception {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

}
