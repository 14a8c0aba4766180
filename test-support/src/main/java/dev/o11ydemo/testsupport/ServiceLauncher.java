package dev.o11ydemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts one service of the suite as users start it, through {@code scripts/service.sh}
 * (the built jar with the OpenTelemetry agent attached), and waits for its readiness
 * probe. The suite tests and the benchmark both start services through it.
 */
public final class ServiceLauncher {

	private static final int LOG_TAIL_LINES = 15;

	private ServiceLauncher() {
	}

	/** A loopback port nothing listens on right now. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Whether nothing listens on {@code port} on loopback, e.g. before starting
	 * {@code ./run.sh}, whose ports are fixed.
	 */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException taken) {
			return false;
		}
	}

	/**
	 * Starts {@code service} from the repository at {@code root} on {@code port}. The
	 * caller's own {@code OTEL_*} variables are left out, so only {@code environment}
	 * configures the agent.
	 * @param stdout where the service's stdout goes
	 * @param stderr where its stderr goes, or null for the same file as stdout
	 */
	public static Process start(Path root, String service, int port, Map<String, String> environment, Path stdout,
			Path stderr) throws IOException {
		ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("scripts/service.sh").toString(), service)
			.directory(root.toFile())
			.redirectOutput(stdout.toFile());
		if (stderr != null) {
			builder.redirectError(stderr.toFile());
		}
		else {
			builder.redirectErrorStream(true);
		}
		builder.environment().keySet().removeIf((key) -> key.startsWith("OTEL_"));
		builder.environment().put("PORT", Integer.toString(port));
		builder.environment().putAll(environment);
		return builder.start();
	}

	/**
	 * Polls the readiness probe of the service on {@code port} every {@code interval}
	 * until it answers 200; throws when the process ends first or {@code timeout} passes.
	 */
	public static void awaitReady(Process process, String service, int port, Duration timeout, Duration interval,
			Path log) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		String probe = Http.loopback(port, "/actuator/health/readiness");
		String lastAnswer = "nothing listening";
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(
						service + " exited with " + process.exitValue() + " during startup; see " + log + tail(log));
			}
			try {
				HttpResponse<String> answer = Http.getWithin(probe, Duration.ofSeconds(5));
				if (answer.statusCode() == 200) {
					return;
				}
				lastAnswer = answer.statusCode() + " " + answer.body();
			}
			catch (IOException notListeningYet) {
				lastAnswer = notListeningYet.toString();
			}
			Thread.sleep(interval.toMillis());
		}
		// CI shows only this message: it carries what the probe last said, how busy the
		// machine was and the end of the log.
		throw new IllegalStateException(service + " was not ready within " + timeout + " (readiness probe: "
				+ lastAnswer + "; load average: " + loadAverage() + "); see " + log + tail(log));
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return "; its last lines:\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "";
		}
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
