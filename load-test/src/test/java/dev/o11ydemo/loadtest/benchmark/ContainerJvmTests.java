package dev.o11ydemo.loadtest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.Topology;

/**
 * The benchmark starts services with the JVM settings of the image and the pod, read from
 * the files that set them.
 */
class ContainerJvmTests {

	private static final Path ROOT = Topology.root();

	@Test
	void takesTheImagesOptionsAndSizesTheHeapFromThePodsMemoryLimit() throws Exception {
		ContainerJvm jvm = ContainerJvm.of(Files.readString(ROOT.resolve("Dockerfile")),
				Files.readString(ROOT.resolve("k8s/components/jvm-service/pod.yaml")), 25);
		assertThat(jvm.options()).containsExactly("-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC",
				"-XX:+UseCompactObjectHeaders", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAM=704m");
		assertThat(jvm.environment()).containsExactly(Map.entry("MALLOC_ARENA_MAX", "2"));
	}

	@Test
	void leavesOutOptionsTheLocalJavaDoesNotHave() throws Exception {
		ContainerJvm jvm = ContainerJvm.of(Files.readString(ROOT.resolve("Dockerfile")),
				Files.readString(ROOT.resolve("k8s/components/jvm-service/pod.yaml")), 17);
		assertThat(jvm.options()).doesNotContain("-XX:+UseCompactObjectHeaders").contains("-XX:+UseSerialGC");
	}

	@Test
	void refusesFilesWithoutTheSettings() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ContainerJvm.of("FROM scratch\n", "limits:\n  memory: 640Mi\n", 25));
	}

}
