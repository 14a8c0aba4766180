package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.ExternalTool;

/**
 * The platform around the suite (k8s/platform) and the repository's shell scripts: what
 * can be checked without a cluster.
 */
class PlatformTests {

	private static final Path PLATFORM = Manifests.ROOT.resolve("k8s/platform");

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	@Test
	void kubePrometheusStackSelectsTheReleaseLabelTheSuiteSets() throws Exception {
		JsonNode releaseLabel = yaml
			.readTree(Manifests.ROOT.resolve("k8s/components/monitoring/release-label.yaml").toFile());
		String release = releaseLabel.path("labels").path("release").asText();
		JsonNode values = yaml.readTree(PLATFORM.resolve("kube-prometheus-stack.values.yaml").toFile());
		assertThat(values.at("/alertmanager/alertmanagerSpec/alertmanagerConfigSelector/matchLabels/release").asText())
			.isEqualTo(release);
		assertThat(PLATFORM.resolve("install.sh")).content().contains("helm upgrade --install " + release + " ");
		assertThat(values.at("/prometheus/prometheusSpec/enableFeatures").toString()).contains("exemplar-storage");
		assertThat(values.at("/grafana/sidecar/dashboards/label").asText()).isEqualTo("grafana_dashboard");
	}

	@Test
	void valuesFilesParseAndHoldNoPassword() throws Exception {
		try (Stream<Path> files = Files.list(PLATFORM)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml")).toList()) {
				JsonNode values = yaml.readTree(file.toFile());
				assertThat(values.isObject()).as(file.toString()).isTrue();
				assertThat(values.findValues("adminPassword")).as(file.toString()).isEmpty();
				assertThat(values.findValues("password")).as(file.toString()).isEmpty();
			}
		}
	}

	@Test
	void shellScriptsPassShellcheck() throws Exception {
		ExternalTool shellcheck = ExternalTool.require("shellcheck", "apt-get install shellcheck");
		List<String> scripts;
		try (Stream<Path> files = Files.walk(Manifests.ROOT, 4)) {
			scripts = files.filter(Files::isRegularFile)
				.filter((file) -> !file.toString().contains("/target/") && !file.toString().contains("/.git/"))
				.filter((file) -> file.toString().endsWith(".sh") || file.endsWith("run.sh")
						|| file.endsWith(".ci/run"))
				.map(Path::toString)
				.toList();
		}
		assertThat(scripts).hasSizeGreaterThanOrEqualTo(5);
		String[] args = scripts.toArray(String[]::new);
		ExternalTool.Result result = shellcheck.run(null, Manifests.ROOT, args);
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

}
