package dev.o11ydemo.suite;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.ServiceLauncher;
import dev.o11ydemo.testsupport.Topology;

/**
 * One service of the suite started as users start it, through {@code scripts/service.sh}
 * (the built jar with the OpenTelemetry agent attached), on a free loopback port, with
 * its stdout in a log file of its own.
 */
final class ServiceProcess implements AutoCloseable {

	private static final Path ROOT = Topology.root();

	private static final Path LOGS = Path.of(System.getProperty("suite.logs", "target/suite-logs"));

	/**
	 * How many ports a start tries when the one chosen was taken before the service bound
	 * it.
	 */
	private static final int PORT_ATTEMPTS = 3;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private final String instance;

	private final Map<String, String> environment;

	private ServiceProcess(String name, int port, Process process, Path log, String instance,
			Map<String, String> environment) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
		this.instance = instance;
		this.environment = environment;
		// A safety net for a test run that dies before its cleanup: no service outlives
		// the test JVM.
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
	}

	/**
	 * Starts {@code service} and waits until its readiness probe is up.
	 * @param instance a name for this instance's log file
	 * @param environment variables added to the service's environment
	 */
	static ServiceProcess start(String service, String instance, Map<String, String> environment)
			throws IOException, InterruptedException {
		// A port free when chosen can be taken before the service binds it, by another
		// process or as the local end of one of this machine's own outgoing connections
		// (both come from the ephemeral range): then the service exits at once, and
		// another port is tried.
		for (int attempt = 1;; attempt++) {
			try {
				return start(service, instance, environment, ServiceLauncher.freePort());
			}
			catch (IllegalStateException ex) {
				if (attempt == PORT_ATTEMPTS || ex.getMessage() == null
						|| !ex.getMessage().contains("was already in use")) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Starts every service of the topology in its order, each wired to the instances
	 * started before it, and waits until each is ready. Whatever it started is stopped
	 * again if one fails to start.
	 * @param prefix the instances' log-file prefix
	 * @param common variables added to every service's environment
	 * @return the started services by name, in start order
	 */
	static Map<String, ServiceProcess> startSuite(String prefix, Map<String, String> common)
			throws IOException, InterruptedException {
		return startSuite(prefix, (name) -> common);
	}

	/**
	 * Starts every service of the topology as {@link #startSuite(String, Map)} does, each
	 * with its own added variables.
	 * @param added the variables added to a service's environment, by its name
	 */
	static Map<String, ServiceProcess> startSuite(String prefix, Function<String, Map<String, String>> added)
			throws IOException, InterruptedException {
		Map<String, ServiceProcess> started = new LinkedHashMap<>();
		// As ./run.sh does: one random introspection credential for the whole suite, so
		// the token checks between the services run with it.
		String introspectionSecret = UUID.randomUUID().toString();
		try {
			for (Topology.Service service : Topology.read().services()) {
				Map<String, String> environment = new LinkedHashMap<>();
				environment.put("AUTH_INTROSPECTION_SECRET", introspectionSecret);
				environment.putAll(added.apply(service.name()));
				environment.putAll(service.wiring((called) -> started.get(called).url("")));
				started.put(service.name(), start(service.name(), prefix + service.name(), environment));
			}
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			for (ServiceProcess service : started.values()) {
				service.close();
			}
			throw ex;
		}
		return started;
	}

	/**
	 * Starts {@code service} on a given port, as a restarted container keeps its address.
	 */
	static ServiceProcess start(String service, String instance, Map<String, String> environment, int port)
			throws IOException, InterruptedException {
		Files.createDirectories(LOGS);
		Path log = LOGS.resolve(instance + ".log");
		Process process = ServiceLauncher.start(ROOT, service, port, environment, log,
				LOGS.resolve(instance + ".stderr.log"));
		ServiceProcess started = new ServiceProcess(service, port, process, log, instance, environment);
		try {
			ServiceLauncher.awaitReady(process, service, port, Duration.ofSeconds(90), Duration.ofMillis(250), log);
		}
		catch (IllegalStateException | InterruptedException ex) {
			started.close();
			throw ex;
		}
		return started;
	}

	String url(String path) {
		return Http.loopback(this.port, path);
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return Http.get(url(path));
	}

	/** Every stdout line of the service so far. */
	List<String> lines() throws IOException {
		return Files.readAllLines(this.log, StandardCharsets.UTF_8);
	}

	/** The stdout lines that are JSON objects, parsed. */
	List<JsonNode> jsonLines() throws IOException {
		return lines().stream().filter((line) -> line.startsWith("{")).map(json::readTree).toList();
	}

	/**
	 * Waits until the service has written at least {@code count} access lines for
	 * {@code route} (the line is written as the request completes, which can be just
	 * after the client has its response) and returns them.
	 */
	List<JsonNode> awaitAccessLines(String route, int count) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<JsonNode> lines = accessLines(route);
		while (lines.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(50);
			lines = accessLines(route);
		}
		return lines;
	}

	/** The access-log lines for one route. */
	List<JsonNode> accessLines(String route) throws IOException {
		return jsonLines().stream()
			.filter((line) -> "http.access".equals(line.path("logger").asString()))
			.filter((line) -> route.equals(line.path("route").asString()))
			.toList();
	}

	/**
	 * A new process of the same service on the same port, as Kubernetes or compose
	 * restart a crashed one.
	 */
	ServiceProcess restart(String suffix) throws IOException, InterruptedException {
		return start(this.name, this.instance + "-" + suffix, this.environment, this.port);
	}

	int port() {
		return this.port;
	}

	/** SIGKILL, as the OOM killer or a node failure would: no shutdown hook, no flush. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Waits for the process to end by itself and returns its exit status. */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(this.name + " did not exit within " + timeout);
		}
		return this.process.exitValue();
	}

	@Override
	public void close() throws InterruptedException {
		// bash exec's java, so this is the JVM itself: SIGTERM lets it shut down
		// gracefully.
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
