package dev.o11ydemo.observability.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code promtool} from Prometheus. Outside CI a machine without it skips the test with a message; in
 * CI ({@code CI=true}, where {@code .ci/run} installs it) a missing promtool fails the test.
 */
public final class Promtool {

	private Promtool() {
	}

	/**
	 * Pipes {@code input} into {@code promtool args...}.
	 *
	 * @return exit code and combined output
	 */
	public static Result run(String input, String... args) throws IOException, InterruptedException {
		String executable = locate();
		String[] command = new String[args.length + 1];
		command[0] = executable;
		System.arraycopy(args, 0, command, 1, args.length);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("promtool did not finish");
		}
		return new Result(process.exitValue(), output);
	}

	private static String locate() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(dir, "promtool");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("promtool is not on the PATH; .ci/run installs it with the prometheus package");
		}
		Assumptions.abort("promtool is not installed (apt-get install --no-install-recommends prometheus); skipped");
		return null;
	}

	/**
	 * What promtool said.
	 *
	 * @param exitCode its exit code
	 * @param output its stdout and stderr
	 */
	public record Result(int exitCode, String output) {
	}

}
