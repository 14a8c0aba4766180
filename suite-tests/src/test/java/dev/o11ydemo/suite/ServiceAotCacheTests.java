package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.Jdks;
import dev.o11ydemo.testsupport.Prerequisites;
import dev.o11ydemo.testsupport.ServiceLauncher;
import dev.o11ydemo.testsupport.Topology;

/**
 * {@code SERVICE_AOT=auto}, as {@code ./run.sh} sets it, on a Java 25: the first start
 * after a build trains the service's AOT cache, the next starts from it with the agent
 * attached, and other JVM options, or no agent, train it again. Needs a JDK 25 (found by
 * {@link Jdks}: {@code JAVA25_HOME}, or any JDK 25 installed); on 17 to 24 the script
 * starts as before, which every other suite test covers.
 */
class ServiceAotCacheTests {

	private static final Path ROOT = Topology.root();

	private static final Path LOGS = Path.of(System.getProperty("suite.logs", "target/suite-logs"));

	@Test
	void theFirstStartTrainsTheCacheAndTheNextStartsFromIt() throws Exception {
		Optional<Path> jdk = Jdks.find(25);
		Prerequisites.require(jdk.isPresent(), "no JDK 25 on this machine (set JAVA25_HOME)");
		String home = jdk.get().toString();
		deleteRecursively(ROOT.resolve("service-b/target/aot"));
		Files.createDirectories(LOGS);
		Map<String, String> environment = Map.of("PATH", home + "/bin:" + System.getenv("PATH"), "SERVICE_AOT", "auto",
				"JDK_JAVA_OPTIONS", "-Xlog:aot=info:file=" + LOGS.toAbsolutePath().resolve("aot-service-b.aot.log")
						+ " -Xlog:class+load=info:file=" + LOGS.toAbsolutePath().resolve("aot-service-b.classes.log"));

		String first = start(environment, "aot-service-b-1");
		assertThat(first).contains("training service-b's AOT cache");
		assertThat(ROOT.resolve("service-b/target/aot/app.aot")).isNotEmptyFile();

		String second = start(environment, "aot-service-b-2");
		assertThat(second).doesNotContain("training").contains("opentelemetry-javaagent - version");
		assertThat(Files.readString(LOGS.resolve("aot-service-b.aot.log"))).contains("Opened AOT cache")
			.doesNotContain("Unable to use");
		long fromCache;
		try (Stream<String> classes = Files.lines(LOGS.resolve("aot-service-b.classes.log"))) {
			fromCache = classes.filter((line) -> line.contains("source: shared objects file")).count();
		}
		assertThat(fromCache).as("classes loaded from the AOT cache").isGreaterThan(5_000);

		// Other JVM options may make the JVM refuse the cache: they train a new one.
		Map<String, String> otherOptions = new HashMap<>(environment);
		otherOptions.put("JAVA_OPTS", "-XX:+UseSerialGC");
		assertThat(start(otherOptions, "aot-service-b-3")).contains("training service-b's AOT cache");

		// Without the agent its jar is not on the boot class path, which the JVM checks:
		// a
		// cache of its own, and the service starts from it.
		Map<String, String> noAgent = new HashMap<>(otherOptions);
		noAgent.put("SERVICE_AGENT", "off");
		String plain = start(noAgent, "aot-service-b-4");
		assertThat(plain).contains("training service-b's AOT cache").doesNotContain("opentelemetry-javaagent");
		assertThat(Files.readString(LOGS.resolve("aot-service-b.aot.log"))).contains("Opened AOT cache")
			.doesNotContain("Unable to use");
	}

	/** Starts service-b, waits until it is ready, stops it and returns its stderr. */
	private static String start(Map<String, String> environment, String instance) throws Exception {
		int port = ServiceLauncher.freePort();
		Path log = LOGS.resolve(instance + ".log");
		Path stderr = LOGS.resolve(instance + ".stderr.log");
		Process process = ServiceLauncher.start(ROOT, "service-b", port, environment, log, stderr);
		try {
			ServiceLauncher.awaitReady(process, "service-b", port, Duration.ofSeconds(120), Duration.ofMillis(100),
					log);
		}
		finally {
			process.destroy();
			process.waitFor(20, TimeUnit.SECONDS);
		}
		return Files.readString(stderr);
	}

	private static void deleteRecursively(Path folder) throws Exception {
		if (Files.exists(folder)) {
			try (Stream<Path> paths = Files.walk(folder)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

}
