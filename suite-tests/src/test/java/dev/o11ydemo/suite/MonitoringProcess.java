package dev.o11ydemo.suite;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.ServiceLauncher;

/**
 * A real Prometheus, Alertmanager, node-exporter or blackbox exporter from Debian's
 * packages, bound to loopback with fresh storage, its output in suite-logs.
 */
final class MonitoringProcess implements AutoCloseable {

	private static final Path LOGS = Path.of(System.getProperty("suite.logs", "target/suite-logs"));

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final int port;

	/** The Authorization header its HTTP API wants, or null. */
	private final String authorization;

	private MonitoringProcess(Process process, int port, String authorization) {
		this.process = process;
		this.port = port;
		this.authorization = authorization;
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
	}

	static void requireTools() {
		ExternalTool.require("prometheus", "apt-get install --no-install-recommends prometheus");
		ExternalTool.require("prometheus-alertmanager",
				"apt-get install --no-install-recommends prometheus-alertmanager");
		ExternalTool.require("prometheus-node-exporter",
				"apt-get install --no-install-recommends prometheus-node-exporter");
		ExternalTool.require("prometheus-blackbox-exporter",
				"apt-get install --no-install-recommends prometheus-blackbox-exporter");
	}

	/**
	 * @param log the name of its log file in suite-logs
	 */
	static MonitoringProcess prometheus(String log, Path config, Path storage) throws Exception {
		return prometheus(log, config, storage, List.of());
	}

	/**
	 * @param log the name of its log file in suite-logs
	 * @param flags more command-line flags (a remote-write receiver's)
	 */
	static MonitoringProcess prometheus(String log, Path config, Path storage, List<String> flags) throws Exception {
		return prometheus(log, config, storage, flags, null);
	}

	/**
	 * @param log the name of its log file in suite-logs
	 * @param flags more command-line flags (a remote-write receiver's)
	 * @param authorization the Authorization header its HTTP API wants (its
	 * {@code --web.config.file}'s basic auth), or null
	 */
	static MonitoringProcess prometheus(String log, Path config, Path storage, List<String> flags, String authorization)
			throws Exception {
		requireTools();
		// The lifecycle API (loopback only) lets a test reload a changed configuration.
		return startOnFreePort(log, "/-/ready", authorization, (port) -> {
			List<String> command = new ArrayList<>(List.of("prometheus", "--config.file=" + config,
					"--storage.tsdb.path=" + storage, "--web.listen-address=127.0.0.1:" + port,
					"--enable-feature=exemplar-storage", "--web.enable-lifecycle"));
			command.addAll(flags);
			return command;
		});
	}

	/**
	 * @param log the name of its log file in suite-logs
	 */
	static MonitoringProcess alertmanager(String log, Path config, Path storage) throws Exception {
		requireTools();
		// An empty cluster address turns gossip off: one Alertmanager, nothing listening
		// beyond loopback.
		return startOnFreePort(log, "/-/ready", null,
				(port) -> List.of("prometheus-alertmanager", "--config.file=" + config, "--storage.path=" + storage,
						"--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address="));
	}

	/**
	 * @param log the name of its log file in suite-logs
	 */
	static MonitoringProcess nodeExporter(String log) throws Exception {
		requireTools();
		// Only the CPU collector: what the node alert reads, at the least cost.
		return startOnFreePort(log, "/metrics", null, (port) -> List.of("prometheus-node-exporter",
				"--collector.disable-defaults", "--collector.cpu", "--web.listen-address=127.0.0.1:" + port));
	}

	/**
	 * @param log the name of its log file in suite-logs
	 * @param modules its modules file
	 */
	static MonitoringProcess blackboxExporter(String log, Path modules) throws Exception {
		requireTools();
		return startOnFreePort(log, "/metrics", null, (port) -> List.of("prometheus-blackbox-exporter",
				"--config.file=" + modules, "--web.listen-address=127.0.0.1:" + port));
	}

	/**
	 * Starts {@code command} on a port free when chosen; if the port was taken before the
	 * process bound it (by another process, or as the local end of an outgoing
	 * connection: both come from the ephemeral range), tries another.
	 */
	private static MonitoringProcess startOnFreePort(String name, String ready, String authorization,
			Function<Integer, List<String>> command) throws Exception {
		for (int attempt = 1;; attempt++) {
			int port = ServiceLauncher.freePort();
			try {
				return start(name, port, ready, authorization, command.apply(port));
			}
			catch (IllegalStateException ex) {
				String log = Files.readString(LOGS.resolve(name + ".log"));
				if (attempt == 3 || !log.contains("address already in use")) {
					throw ex;
				}
			}
		}
	}

	/**
	 * @param ready the path that answers 200 once it serves
	 */
	private static MonitoringProcess start(String name, int port, String ready, String authorization,
			List<String> command) throws Exception {
		Files.createDirectories(LOGS);
		Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
			.redirectOutput(LOGS.resolve(name + ".log").toFile())
			.start();
		MonitoringProcess started = new MonitoringProcess(process, port, authorization);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(
						name + " exited with " + process.exitValue() + "; see " + LOGS.resolve(name + ".log"));
			}
			try {
				if (started.get(ready).statusCode() == 200) {
					return started;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		started.close();
		throw new IllegalStateException(name + " was not ready within 60 s");
	}

	String address() {
		return "127.0.0.1:" + this.port;
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address() + path));
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		return request;
	}

	/** Prometheus: reads its configuration file again. */
	void reload() throws IOException, InterruptedException {
		HttpResponse<String> response = client.send(
				request("/-/reload").POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("reload answered " + response.statusCode() + ": " + response.body());
		}
	}

	/** Prometheus: the result vector of an instant query. */
	JsonNode query(String promql) throws IOException, InterruptedException {
		HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		return json.readTree(response.body()).path("data").path("result");
	}

	/**
	 * Prometheus: the whole answer (status, error, data) to a query over the last
	 * {@code range}, as a Grafana time-series panel sends it, or at this instant (a zero
	 * range), as a table or stat panel set to instant does.
	 */
	JsonNode query(String promql, Duration range, Duration step) throws IOException, InterruptedException {
		String query = URLEncoder.encode(promql, StandardCharsets.UTF_8);
		long end = System.currentTimeMillis() / 1000;
		String path = range.isZero() ? "/api/v1/query?query=" + query
				: "/api/v1/query_range?query=%s&start=%d&end=%d&step=%d".formatted(query, end - range.toSeconds(), end,
						step.toSeconds());
		return json.readTree(get(path).body());
	}

	/** Prometheus: the values of {@code label} on the series {@code match} selects. */
	List<String> labelValues(String label, String match) throws IOException, InterruptedException {
		JsonNode answer = json.readTree(
				get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(match, StandardCharsets.UTF_8))
					.body());
		List<String> values = new ArrayList<>();
		answer.path("data").forEach((value) -> values.add(value.asString()));
		return values;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
