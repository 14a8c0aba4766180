package dev.o11ydemo.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the tests run for real (promtool, kubectl). Outside CI a machine
 * without it skips the test with a message saying how to install it; in CI
 * ({@code CI=true}, where {@code .ci/run} installs it) a missing tool fails the test.
 */
public final class ExternalTool {

	private final String executable;

	private ExternalTool(String executable) {
		this.executable = executable;
	}

	/** The tool on the PATH, or a skipped (outside CI) or failed (in CI) test. */
	public static ExternalTool require(String name, String installHint) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate)) {
				return new ExternalTool(candidate.toString());
			}
		}
		Prerequisites.missing(name + " is not on the PATH (" + installHint + ")");
		return null;
	}

	/** Where the tool is, as found on the PATH. */
	public Path executable() {
		return Path.of(this.executable);
	}

	/**
	 * Runs the tool with {@code input} on stdin; returns exit code and combined output.
	 */
	public Result run(String input, Path workingDirectory, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(this.executable);
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		if (workingDirectory != null) {
			builder.directory(workingDirectory.toFile());
		}
		Process process = builder.start();
		process.getOutputStream().write((input != null ? input : "").getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(command + " did not finish");
		}
		return new Result(process.exitValue(), output);
	}

	/**
	 * What a run said.
	 *
	 * @param exitCode its exit code
	 * @param output its stdout and stderr
	 */
	public record Result(int exitCode, String output) {
	}

}
