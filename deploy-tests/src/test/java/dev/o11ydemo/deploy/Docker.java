package dev.o11ydemo.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.o11ydemo.testsupport.Prerequisites;

/**
 * The Docker engine, driven through its own CLI with the commands a user types. Outside
 * CI a machine where no engine answers skips the container tests with a message; in CI
 * ({@code CI=true}, where {@code .ci/run} installs and starts an engine) that fails them
 * instead. Everything a test starts carries this run's label and is removed by it, so
 * nothing else on the engine is touched.
 */
final class Docker {

	/** The label on every container and network a test run creates. */
	static final String RUN_LABEL = "dev.o11ydemo.test-run";

	private static final Map<String, String> builtImages = new HashMap<>();

	private static Docker instance;

	private final String runId = UUID.randomUUID().toString().substring(0, 8);

	private Docker() {
	}

	/** The engine, or a skipped (outside CI) or failed (in CI) test. */
	static synchronized Docker require() throws IOException, InterruptedException {
		if (instance == null) {
			Docker docker = new Docker();
			Result info = docker.run(Duration.ofSeconds(30), Map.of(), "info", "--format", "{{.ServerVersion}}");
			if (info.exitCode() != 0) {
				String why = "no Docker engine answers (" + info.output().strip() + ")";
				Prerequisites.missing(why + "; start dockerd, or run bash .ci/run as root");
			}
			instance = docker;
		}
		return instance;
	}

	/** A name unique to this test run, e.g. for a container or a network. */
	String name(String base) {
		return "o11y-it-" + this.runId + "-" + base;
	}

	/** The label arguments for {@code docker run} or {@code docker network create}. */
	List<String> label() {
		return List.of("--label", RUN_LABEL + "=" + this.runId);
	}

	/**
	 * The image of {@code module}, built once per test run from the repository's
	 * Dockerfile as a user builds it. The build stage is shared by every module, so the
	 * second and later builds take seconds.
	 */
	synchronized String image(String module) throws IOException, InterruptedException {
		String tag = builtImages.get(module);
		if (tag == null) {
			tag = "o11y-demo/" + module + ":test";
			check(Duration.ofMinutes(20), Map.of("DOCKER_BUILDKIT", "1"), "build", "--build-arg", "MODULE=" + module,
					"-t", tag, Manifests.ROOT.toString());
			builtImages.put(module, tag);
		}
		return tag;
	}

	/**
	 * Whether the Dockerfile's runtime base is the local stand-in of
	 * {@code .ci/base-images.sh}.
	 */
	boolean standInBase() throws IOException, InterruptedException {
		return check("image", "inspect", "--format", "{{index .Config.Labels \"dev.o11ydemo.base\"}}",
				"eclipse-temurin:25-jre")
			.equals("stand-in");
	}

	/** Removes every container and network this test run created. */
	void removeAll() throws IOException, InterruptedException {
		String filter = "label=" + RUN_LABEL + "=" + this.runId;
		String containers = check("ps", "-aq", "--filter", filter);
		if (!containers.isEmpty()) {
			List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
			rm.addAll(List.of(containers.split("\\s+")));
			check(rm.toArray(String[]::new));
		}
		String networks = check("network", "ls", "-q", "--filter", filter);
		if (!networks.isEmpty()) {
			List<String> rm = new ArrayList<>(List.of("network", "rm"));
			rm.addAll(List.of(networks.split("\\s+")));
			check(rm.toArray(String[]::new));
		}
	}

	/**
	 * The host address of a container's published {@code port}, e.g.
	 * {@code 127.0.0.1:49153}.
	 */
	String hostAddress(String container, int port) throws IOException, InterruptedException {
		return check("port", container, port + "/tcp").lines().findFirst().orElseThrow();
	}

	/** {@code docker inspect --format} of one container. */
	String inspect(String container, String format) throws IOException, InterruptedException {
		return check("inspect", "--format", format, container);
	}

	/**
	 * Runs {@code docker args}; a non-zero exit fails the test with the command's output.
	 * Returns stdout.
	 */
	String check(String... args) throws IOException, InterruptedException {
		return check(Duration.ofMinutes(2), Map.of(), args);
	}

	String check(Duration timeout, Map<String, String> environment, String... args)
			throws IOException, InterruptedException {
		Result result = run(timeout, environment, args);
		if (result.exitCode() != 0) {
			throw new AssertionError(
					"docker " + String.join(" ", args) + " exited with " + result.exitCode() + ":\n" + result.output());
		}
		return result.stdout().strip();
	}

	Result run(Duration timeout, Map<String, String> environment, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add("docker");
		command.addAll(List.of(args));
		return execute(command, timeout, environment);
	}

	/**
	 * Runs any command (docker compose, the load generator) with extra environment; never
	 * throws on exit codes.
	 */
	static Result execute(List<String> command, Duration timeout, Map<String, String> environment)
			throws IOException, InterruptedException {
		Path stdout = Files.createTempFile("docker", ".out");
		Path stderr = Files.createTempFile("docker", ".err");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(Manifests.ROOT.toFile())
				.redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile());
			builder.environment().putAll(environment);
			Process process;
			try {
				process = builder.start();
			}
			catch (IOException ex) {
				return new Result(127, "", command.get(0) + " not found: " + ex.getMessage());
			}
			process.getOutputStream().close();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(command + " did not finish within " + timeout);
			}
			return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
					Files.readString(stderr, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}

	/**
	 * What a docker command said.
	 *
	 * @param exitCode its exit code
	 * @param stdout its standard output
	 * @param stderr its standard error
	 */
	record Result(int exitCode, String stdout, String stderr) {

		String output() {
			return this.stdout + this.stderr;
		}

	}

}
