package dev.o11ydemo.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.o11ydemo.testsupport.Topology;

/**
 * The load generator as a user runs it: {@code load-test/run.sh}, Gatling in its own JVM,
 * against started services, each by its own URL as with {@code ./run.sh}'s ports.
 */
final class LoadGenerator {

	private static final Path ROOT = Topology.root();

	private LoadGenerator() {
	}

	/**
	 * Starts {@code scenario} with {@code options}, its output to {@code log} and its
	 * reports under {@code reports}.
	 * @param services the started services by name
	 */
	static Process start(Function<String, ServiceProcess> services, Path reports, Path log, String scenario,
			String... options) throws IOException {
		// SIGINT at its default, as in a terminal: a JVM started with it ignored (any
		// background job's children,
		// a CI runner's) never installs its Ctrl-C handler, and the interrupted-drill
		// test would wait forever.
		List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", "bash",
				ROOT.resolve("load-test/run.sh").toString(), services.apply("service-a").url(""), scenario,
				"--service-b", services.apply("service-b").url(""), "--auth", services.apply("auth-service").url(""),
				"--order", services.apply("order-service").url(""), "--payment",
				services.apply("payment-service").url(""), "--results", reports.toString()));
		command.addAll(List.of(options));
		Files.createDirectories(reports);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

}
