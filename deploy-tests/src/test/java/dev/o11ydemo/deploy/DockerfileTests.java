package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.ExternalTool;

/**
 * The Dockerfile, checked without a Docker engine: a linter, and agreement with what the
 * Kubernetes pods expect of the image. (suite-tests starts a service from the same layers
 * with the same launcher and health check.)
 */
class DockerfileTests {

	private static final Path DOCKERFILE = Manifests.ROOT.resolve("Dockerfile");

	@Test
	void passesTheLinter() throws Exception {
		ExternalTool linter = ExternalTool.require("dockerfile-utils", "npm install dockerfile-utils");
		ExternalTool.Result result = linter.run(null, Manifests.ROOT, "lint", DOCKERFILE.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	/**
	 * A syntax directive makes BuildKit pull its frontend image from Docker Hub, which
	 * fails offline and in air-gapped builds; the built-in frontend has every feature the
	 * file uses. The only download is Maven's, in the build stage. (ImageTests builds the
	 * file on a machine that cannot reach Docker Hub.)
	 */
	@Test
	void buildsOfflineWithTheBuiltInFrontendAndDownloadsOnlyThroughMaven() throws Exception {
		List<String> lines = Files.readAllLines(DOCKERFILE);
		assertThat(lines).noneMatch((line) -> line.replace(" ", "").toLowerCase().startsWith("#syntax="));
		assertThat(lines).noneMatch((line) -> line.matches("(?i)\\s*ADD\\s+https?://.*"));
		// Maven's build, the layers' extraction, the user, the AOT cache's training run.
		assertThat(lines.stream().filter((line) -> line.startsWith("RUN ")).count()).isEqualTo(4);
		String instructions = String.join("\n", lines.stream().filter((line) -> !line.startsWith("#")).toList());
		assertThat(instructions).doesNotContainPattern("\\b(curl|wget|apt-get|apk|pip|npm)\\b");
		assertThat(Files.readString(DOCKERFILE)).contains("RUN --mount=type=cache,target=/root/.m2 \\\n    ./mvnw ");
	}

	/**
	 * The AOT cache holds only while every run has the same module options and boot class
	 * path as the training run (JEP 483); the agent's jar is on it in both. The cache is
	 * opt-in, through the options docs/containers.md gives.
	 */
	@Test
	void trainsTheAotCacheWithTheOptionsTheOptInRunsWith() throws Exception {
		String dockerfile = Files.readString(DOCKERFILE);
		String training = dockerfile.substring(dockerfile.indexOf("-XX:AOTCacheOutput") - 200,
				dockerfile.indexOf("-XX:AOTCacheOutput"));
		String optIn = Files.readString(Manifests.ROOT.resolve("docs/containers.md"));
		for (String option : List.of("--add-modules=java.instrument",
				"-Xbootclasspath/a:/opt/otel/opentelemetry-javaagent.jar")) {
			assertThat(training).as("training").contains(option);
			assertThat(ImageTests.AOT_CACHE_OPTIONS).as("the options ImageTests opts in with").contains(option);
		}
		assertThat(optIn).contains(ImageTests.AOT_CACHE_OPTIONS);
		assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-jar\", \"app.jar\"]");
		assertThat(dockerfile).contains("-XX:AOTCacheOutput=/app/app.aot -XX:+DisableAttachMechanism")
			.contains("sed 's/-javaagent:[^ ]*//'");
	}

	@Test
	void buildsTheImageThePodsExpect() throws Exception {
		String dockerfile = Files.readString(DOCKERFILE);
		String pod = Files.readString(Manifests.ROOT.resolve("k8s/components/jvm-service/pod.yaml"));
		assertThat(dockerfile).contains("FROM eclipse-temurin:25-jre");
		for (String flag : List.of("-javaagent:/opt/otel/opentelemetry-javaagent.jar", "-XX:MaxRAMPercentage=50",
				"-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-XX:+ExitOnOutOfMemoryError")) {
			assertThat(dockerfile).as("image").contains(flag);
			assertThat(pod).as("pod").contains(flag);
		}
		assertThat(dockerfile).as("image").contains("MALLOC_ARENA_MAX=2");
		assertThat(pod).as("pod").contains("- name: MALLOC_ARENA_MAX\n              value: \"2\"");
		assertThat(dockerfile).contains(
				"COPY --from=build /src/target/otel/opentelemetry-javaagent.jar /opt/otel/opentelemetry-javaagent.jar");
		assertThat(dockerfile).contains("USER 10001:10001");
		assertThat(pod).contains("runAsUser: 10001")
			.contains("readOnlyRootFilesystem: true")
			.contains("mountPath: /tmp");
		assertThat(dockerfile).contains("DATA_DIR=/tmp/data");
	}

	@Test
	void eachServicesDefaultPortIsTheOneTheImageHealthCheckUses() throws Exception {
		Pattern port = Pattern.compile("port: \\$\\{PORT:(\\d+)}");
		Map<String, Integer> services = Manifests.suiteServices();
		assertThat(services).hasSize(5);
		for (Map.Entry<String, Integer> service : services.entrySet()) {
			String yaml = Files
				.readString(Manifests.ROOT.resolve(service.getKey() + "/src/main/resources/application.yml"));
			Matcher matcher = port.matcher(yaml);
			assertThat(matcher.find()).as(service.getKey()).isTrue();
			assertThat(Integer.parseInt(matcher.group(1))).as(service.getKey()).isEqualTo(service.getValue());
		}
	}

}
