package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.ExternalTool;

/**
 * The GitHub workflows, checked by a real validator against the workflow schema, and the
 * published images: the release workflow pushes each service of scripts/services to the
 * registry the EKS overlay and compose pull from, under the version they name.
 */
class ReleaseTests {

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	private static final String REGISTRY = "ghcr.io/o11y-demo";

	@Test
	void everyWorkflowPassesTheValidator() throws Exception {
		ExternalTool validator = ExternalTool.require("action-validator",
				"npm install @action-validator/cli @action-validator/core");
		List<Path> workflows;
		try (Stream<Path> files = Files.list(Manifests.ROOT.resolve(".github/workflows"))) {
			workflows = files.filter((file) -> file.toString().endsWith(".yml")).sorted().toList();
		}
		assertThat(workflows).extracting((file) -> file.getFileName().toString()).contains("ci.yml", "release.yml");
		for (Path workflow : workflows) {
			ExternalTool.Result result = validator.run(null, Manifests.ROOT, workflow.toString());
			assertThat(result.exitCode()).as(workflow + ": " + result.output()).isZero();
		}
	}

	@Test
	void everyActionIsPinnedByCommitWithItsReleaseInAComment() throws Exception {
		try (Stream<Path> files = Files.list(Manifests.ROOT.resolve(".github/workflows"))) {
			for (Path workflow : files.filter((file) -> file.toString().endsWith(".yml")).toList()) {
				for (String line : Files.readAllLines(workflow)) {
					String uses = line.strip().replaceFirst("^- ", "");
					if (uses.startsWith("uses: ") && !uses.startsWith("uses: ./")) {
						assertThat(uses).as(workflow.getFileName() + ": a tag can be moved, a commit cannot")
							.matches("uses: [\\w.-]+/[\\w.-]+@[0-9a-f]{40} # v[0-9.]+");
					}
				}
			}
		}
	}

	@Test
	void theReleasePublishesEveryServiceForBothArchitecturesAfterTheTestsPass() throws Exception {
		JsonNode release = yaml.readTree(Manifests.ROOT.resolve(".github/workflows/release.yml").toFile());
		JsonNode image = release.at("/jobs/image");
		assertThat(image.get("needs")).extracting(JsonNode::asText).contains("verify", "services");
		assertThat(release.at("/jobs/verify/uses").asText()).isEqualTo("./.github/workflows/ci.yml");
		assertThat(release.at("/jobs/services/steps/1/run").asText()).contains("scripts/services");
		assertThat(image.at("/strategy/matrix/service").asText()).contains("needs.services.outputs.list");
		JsonNode build = step(image, "docker/build-push-action");
		assertThat(build.at("/with/platforms").asText()).isEqualTo("linux/amd64,linux/arm64");
		assertThat(build.at("/with/build-args").asText()).isEqualTo("MODULE=${{ matrix.service }}");
		assertThat(build.at("/with/push").asBoolean()).isTrue();
		assertThat(build.at("/with/sbom").asBoolean()).isTrue();
		assertThat(build.at("/with/provenance").asText()).isEqualTo("mode=max");
		assertThat(step(image, "docker/metadata-action").at("/with/images").asText())
			.isEqualTo("ghcr.io/${{ github.repository_owner }}/${{ matrix.service }}");
	}

	@Test
	void theEksOverlayAndComposePullTheReleasedImageOfTheProjectsVersion() throws Exception {
		String version = projectVersion();
		Map<String, String> expected = new TreeMap<>();
		Manifests.suiteServices()
			.keySet()
			.forEach((service) -> expected.put(service, REGISTRY + "/" + service + ":" + version));

		Map<String, String> overlay = new TreeMap<>();
		for (JsonNode entry : yaml.readTree(Manifests.ROOT.resolve("k8s/components/eks/kustomization.yaml").toFile())
			.get("images")) {
			overlay.put(entry.get("name").asText().replace("o11y-demo/", ""),
					entry.get("newName").asText() + ":" + entry.get("newTag").asText());
		}
		assertThat(overlay).isEqualTo(expected);

		Map<String, String> compose = new TreeMap<>();
		JsonNode services = yaml.readTree(Manifests.ROOT.resolve("docker-compose.yml").toFile()).get("services");
		services.properties()
			.forEach((service) -> compose.put(service.getKey(),
					service.getValue()
						.get("image")
						.asText()
						.replace("${IMAGE_REGISTRY:-" + REGISTRY + "}", REGISTRY)
						.replace("${IMAGE_TAG:-" + version + "}", version)));
		assertThat(compose).isEqualTo(expected);
	}

	private static JsonNode step(JsonNode job, String action) {
		for (JsonNode step : job.get("steps")) {
			if (step.path("uses").asText().startsWith(action + "@")) {
				return step;
			}
		}
		throw new AssertionError("no step uses " + action);
	}

	/** The reactor's version without -SNAPSHOT: the tag its release publishes. */
	private static String projectVersion() throws Exception {
		Matcher matcher = Pattern.compile("<artifactId>o11y-demo-suite</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(Manifests.ROOT.resolve("pom.xml")));
		assertThat(matcher.find()).isTrue();
		return matcher.group(1).replace("-SNAPSHOT", "");
	}

}
