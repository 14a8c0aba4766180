package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.ServiceLauncher;
import dev.o11ydemo.testsupport.Topology;

/**
 * What the Dockerfile's runtime stage does, done here without Docker: the exec jar split
 * with the same {@code jarmode=tools extract --layers} command, the three layers copied
 * into one folder as the COPY lines do, started as the ENTRYPOINT starts it (app.jar, the
 * agent's jar on the boot class path and as the agent; the AOT cache needs Java 25 and is
 * left to the container tests), and judged healthy by the Dockerfile's own HEALTHCHECK
 * command.
 */
class ImageLayoutTests {

	private static final Path ROOT = Topology.root();

	@Test
	void theLayeredServiceStartsWithTheAgentAndPassesTheImageHealthCheck() throws Exception {
		Path work = Files.createTempDirectory("image-layout");
		Path jar;
		try (Stream<Path> jars = Files.list(ROOT.resolve("service-b/target"))) {
			jar = jars.filter((path) -> path.getFileName().toString().endsWith("-exec.jar")).findFirst().orElseThrow();
		}
		run(work, List.of("java", "-Djarmode=tools", "-jar", jar.toString(), "extract", "--layers", "--destination",
				work.resolve("layers").toString(), "--application-filename", "app.jar"));
		Path app = work.resolve("app");
		for (String layer : List.of("dependencies", "snapshot-dependencies", "application")) {
			copyInto(work.resolve("layers").resolve(layer), app);
		}
		int port = ServiceLauncher.freePort();
		Path portFile = work.resolve("port");
		Files.writeString(portFile, Integer.toString(port));

		Path agent = ROOT.resolve("target/otel/opentelemetry-javaagent.jar");
		ProcessBuilder builder = new ProcessBuilder("java", "--add-modules=java.instrument",
				"-Xbootclasspath/a:" + agent, "-jar", "app.jar")
			.directory(app.toFile())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("service.log").toFile());
		builder.environment().keySet().removeIf((key) -> key.startsWith("OTEL_"));
		builder.environment().put("PORT", Integer.toString(port));
		builder.environment()
			.put("JAVA_TOOL_OPTIONS",
					"-javaagent:" + agent + " -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
		// The image's other JVM setting; its -XX:+UseCompactObjectHeaders needs Java 25,
		// not the JDK 17 tests run on.
		builder.environment().put("MALLOC_ARENA_MAX", "2");
		builder.environment()
			.put("OTEL_JAVAAGENT_CONFIGURATION_FILE", ROOT.resolve("scripts/otel-agent.properties").toString());
		Process service = builder.start();
		try {
			String healthCheck = healthCheckCommand().replace("/app/port", portFile.toString());
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			int exit = -1;
			while (exit != 0 && System.nanoTime() < deadline && service.isAlive()) {
				Thread.sleep(500);
				exit = shell(healthCheck);
			}
			assertThat(exit).as(Files.readString(work.resolve("service.log"))).isZero();
			assertThat(Http.get(Http.loopback(port, "/hello")).body()).isEqualTo("Hello from Service B!");
			assertThat(Files.readString(work.resolve("service.log"))).contains("opentelemetry-javaagent");
		}
		finally {
			service.destroy();
			service.waitFor(20, TimeUnit.SECONDS);
		}
		// Nothing listens any more: the same check must now fail.
		assertThat(shell(healthCheckCommand().replace("/app/port", portFile.toString()))).isNotZero();
	}

	/** The shell command of the Dockerfile's HEALTHCHECK. */
	private static String healthCheckCommand() throws Exception {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
		String instruction = dockerfile.substring(dockerfile.indexOf("HEALTHCHECK"));
		instruction = instruction.substring(0, instruction.indexOf("\nENTRYPOINT")).replace("\\\n", " ");
		return instruction.substring(instruction.indexOf(" CMD ") + 5).trim();
	}

	private static int shell(String command) throws Exception {
		Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(10, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return -1;
		}
		return process.exitValue();
	}

	private static void run(Path directory, List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
	}

	private static void copyInto(Path layer, Path target) throws Exception {
		if (!Files.exists(layer)) {
			return;
		}
		try (Stream<Path> files = Files.walk(layer)) {
			for (Path file : files.toList()) {
				Path destination = target.resolve(layer.relativize(file).toString().replace(File.separatorChar, '/'));
				if (Files.isDirectory(file)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

}
