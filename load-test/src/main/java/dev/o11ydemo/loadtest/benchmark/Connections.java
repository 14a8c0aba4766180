package dev.o11ydemo.loadtest.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.ServiceLauncher;
import dev.o11ydemo.testsupport.SlowClients;

/**
 * What connections cost a service: one service-b with its pod's JVM settings
 * ({@link ContainerJvm}, the agent attached as in the image) holds N idle connections
 * (connected, nothing sent), then N whose headers never end (a header line every half
 * second), for each N given; after each, the process's RSS, the heap in use after a
 * collection, and whether the liveness probe still answered within a second. Prints a
 * table; asserts nothing. {@code load-test/connections.sh} runs it.
 */
public final class Connections {

	private Connections() {
	}

	public static void main(String[] arguments) throws Exception {
		Path root = Path.of(arguments[0]);
		List<Integer> counts = new ArrayList<>();
		for (String count : arguments[1].split(",")) {
			counts.add(Integer.parseInt(count.strip()));
		}
		ContainerJvm jvm = ContainerJvm.of(Files.readString(root.resolve("Dockerfile")),
				Files.readString(root.resolve("k8s/components/jvm-service/pod.yaml")), Runtime.version().feature());
		Map<String, String> settings = new LinkedHashMap<>(jvm.environment());
		settings.put("JAVA_OPTS", String.join(" ", jvm.options()));
		// Long enough that idle connections are still open when measured.
		settings.put("SERVER_TOMCAT_CONNECTION_TIMEOUT", "120s");
		settings.putAll(System.getenv()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("SERVER_TOMCAT_"))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
		int port = ServiceLauncher.freePort();
		Path log = Files.createTempFile("connections-service-b", ".log");
		Process process = ServiceLauncher.start(root, "service-b", port, settings, log, null);
		try {
			ServiceLauncher.awaitReady(process, "service-b", port, Duration.ofMinutes(2), Duration.ofMillis(250), log);
			System.out.println("service-b, JVM as in the pod: " + settings);
			System.out.printf("%-16s %8s %8s %12s %18s %12s%n", "connections", "asked", "held", "RSS MiB",
					"heap after GC MiB", "liveness");
			report(process, port, "none", null, "-");
			for (int count : counts) {
				for (boolean stall : new boolean[] { false, true }) {
					try (Held held = Held.open(port, count, stall)) {
						Thread.sleep(3000);
						report(process, port, stall ? "stalled headers" : "idle", held, probe(port));
					}
					Thread.sleep(2000);
				}
			}
		}
		finally {
			process.toHandle().descendants().forEach(ProcessHandle::destroy);
			process.destroy();
			process.waitFor();
		}
	}

	private static String probe(int port) {
		try {
			return Integer.toString(SlowClients.probe(Http.loopback(port, "/actuator/health/liveness")));
		}
		catch (IOException | InterruptedException ex) {
			return "none in 1 s";
		}
	}

	private static void report(Process process, int port, String kind, Held held, String liveness) throws Exception {
		// The heap after a collection: what the connections keep, not what awaits
		// collecting.
		long pid = process.toHandle().descendants().findFirst().map(ProcessHandle::pid).orElse(process.pid());
		new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start()
			.waitFor();
		Scrape scrape = Scrape.parse(Http.get(Http.loopback(port, "/metrics")).body());
		double heap = scrape.sum("jvm_memory_used_bytes", "area", "heap");
		System.out.printf("%-16s %8d %8d %12.0f %18.0f %12s%n", kind, (held != null) ? held.asked : 0,
				(held != null) ? held.open() : 0, rss(pid) / 1024.0, heap / (1024 * 1024), liveness);
	}

	/** VmRSS in KiB. */
	private static long rss(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		return -1;
	}

	/**
	 * Connections each from its own loopback address that send nothing, or a request line
	 * and then a header line every half second that never ends the headers. A connection
	 * the service does not accept within a second (past its connection cap, the kernel's
	 * backlog fills) counts as not held.
	 */
	private static final class Held implements AutoCloseable {

		private final List<Socket> sockets = new ArrayList<>();

		private final int asked;

		private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

		private Held(int asked) {
			this.asked = asked;
		}

		static Held open(int port, int count, boolean stall) throws IOException {
			Held held = new Held(count);
			for (int i = 0; i < count; i++) {
				Socket socket = new Socket();
				try {
					socket.bind(new InetSocketAddress(SlowClients.client(i), 0));
					socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
					if (stall) {
						socket.getOutputStream()
							.write("GET /hello HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
					}
					held.sockets.add(socket);
				}
				catch (IOException notAccepted) {
					socket.close();
				}
			}
			if (stall) {
				byte[] line = "X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII);
				held.trickle.scheduleAtFixedRate(() -> held.sockets.forEach((socket) -> {
					try {
						socket.getOutputStream().write(line);
					}
					catch (IOException closedByTheService) {
						// Counted as not held.
					}
				}), 500, 500, TimeUnit.MILLISECONDS);
			}
			return held;
		}

		/** How many are still open: a read that times out is an open connection. */
		int open() {
			int open = 0;
			for (Socket socket : this.sockets) {
				try {
					socket.setSoTimeout(1);
					if (socket.getInputStream().read() != -1) {
						open++;
					}
				}
				catch (SocketTimeoutException stillOpen) {
					open++;
				}
				catch (IOException closed) {
					// Closed by the service.
				}
			}
			return open;
		}

		@Override
		public void close() {
			this.trickle.shutdownNow();
			for (Socket socket : this.sockets) {
				try {
					socket.close();
				}
				catch (IOException ignored) {
					// Closing anyway.
				}
			}
		}

	}

}
