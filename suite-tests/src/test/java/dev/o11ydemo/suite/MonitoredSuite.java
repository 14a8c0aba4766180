package dev.o11ydemo.suite;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.o11ydemo.testsupport.Topology;

/**
 * The five services watched as in production, on this machine and without Docker: the
 * agent exports their spans to an OTLP receiver in the test, a real Prometheus scrapes
 * each every second with the repo's rules (sped up by {@link CiRules}), a real
 * Alertmanager delivers what fires to a webhook in the test, and a real blackbox exporter
 * probes the services from outside. Started once per test JVM for the end-to-end test
 * classes, and stopped when it ends.
 */
final class MonitoredSuite implements AutoCloseable {

	private static final Path ROOT = Topology.root();

	/**
	 * The heap cap and collector of {@code ./run.sh}, so the heap fault fills a pool of
	 * known size.
	 */
	private static final String JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC";

	/** The node-exporter's job. */
	static final String NODE = "node";

	private static MonitoredSuite shared;

	final OtlpReceiver otlp;

	/** The started services by name; a test that restarts one puts the new one here. */
	final Map<String, ServiceProcess> services;

	final WebhookReceiver webhook;

	final MonitoringProcess alertmanager;

	final MonitoringProcess prometheus;

	/**
	 * The machine's own node-exporter, job {@value #NODE}: scraped only when a test asks,
	 * since on a 2-core machine starting five JVMs keeps the node busy for longer than
	 * the sped-up node alert waits.
	 */
	final MonitoringProcess nodeExporter;

	/**
	 * The blackbox exporter, probing the routes of {@code probes.txt} every
	 * {@value #PROBE_INTERVAL} as job {@code blackbox}, and any probe a test adds.
	 */
	final MonitoringProcess blackbox;

	/**
	 * Long enough for a probe of a route a latency fault slows, which a one-second scrape
	 * timeout would cut short.
	 */
	static final String PROBE_INTERVAL = "5s";

	private final Path work;

	/** The probes tests added, as module=target. */
	private final Set<String> probes = new HashSet<>();

	/** The jobs left without their target. */
	private final Set<String> unscraped = new HashSet<>(Set.of(NODE));

	private MonitoredSuite(Path work, OtlpReceiver otlp, Map<String, ServiceProcess> services, WebhookReceiver webhook,
			MonitoringProcess alertmanager, MonitoringProcess prometheus, MonitoringProcess nodeExporter,
			MonitoringProcess blackbox) {
		this.work = work;
		this.otlp = otlp;
		this.services = services;
		this.webhook = webhook;
		this.alertmanager = alertmanager;
		this.prometheus = prometheus;
		this.nodeExporter = nodeExporter;
		this.blackbox = blackbox;
	}

	/**
	 * The suite, started at the first call. service-a runs as in a one-CPU container, so
	 * a CPU fault saturates it with one of this machine's cores and leaves the other to
	 * the rest.
	 */
	static synchronized MonitoredSuite shared() throws Exception {
		if (shared == null) {
			shared = start("e2e-",
					(name) -> name.equals("service-a") ? JAVA_OPTS + " -XX:ActiveProcessorCount=1" : JAVA_OPTS);
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	/**
	 * Starts the services, then Alertmanager and Prometheus; whatever started is stopped
	 * again if a later part fails.
	 * @param prefix the log files' prefix
	 * @param javaOpts each service's JVM options, by name
	 */
	private static MonitoredSuite start(String prefix, Function<String, String> javaOpts) throws Exception {
		// Before starting five JVMs: without Prometheus and Alertmanager the tests skip
		// (or, in CI, fail) at once.
		MonitoringProcess.requireTools();
		Path work = Files.createTempDirectory(prefix + "monitored");
		OtlpReceiver otlp = new OtlpReceiver();
		List<AutoCloseable> started = new ArrayList<>(List.of(otlp));
		Map<String, ServiceProcess> services;
		try {
			services = new LinkedHashMap<>(ServiceProcess.startSuite(prefix,
					(name) -> Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(), "OTEL_BSP_SCHEDULE_DELAY", "200",
							"DEMO_FAULTROUTES_EXAMPLEMAXDELAY", "100ms", "DATA_DIR", work.toString(), "JAVA_OPTS",
							javaOpts.apply(name))));
		}
		catch (Exception ex) {
			closeAll(started);
			throw ex;
		}
		started.addAll(services.values());
		try {
			WebhookReceiver webhook = new WebhookReceiver();
			started.add(webhook);
			Files.writeString(work.resolve("alertmanager.yml"), """
					route:
					  receiver: webhook
					  group_by: [alertname, application, job]
					  group_wait: 1s
					  group_interval: 1s
					  repeat_interval: 1h
					receivers:
					  - name: webhook
					    webhook_configs:
					      - url: %s
					        send_resolved: true
					""".formatted(webhook.url()));
			MonitoringProcess alertmanager = MonitoringProcess.alertmanager(prefix + "alertmanager",
					work.resolve("alertmanager.yml"), work.resolve("alertmanager-data"));
			started.add(alertmanager);
			Files.writeString(work.resolve("ci.rules.yml"),
					CiRules.from(ROOT.resolve("k8s/components/monitoring/prometheusrule.yaml")));
			MonitoringProcess nodeExporter = MonitoringProcess.nodeExporter(prefix + "node-exporter");
			started.add(nodeExporter);
			MonitoringProcess blackbox = MonitoringProcess.blackboxExporter(prefix + "blackbox-exporter",
					blackboxModules(work));
			started.add(blackbox);
			writeConfig(work, alertmanager, blackbox, targets(services, nodeExporter), Set.of(NODE), Set.of());
			MonitoringProcess prometheus = MonitoringProcess.prometheus(prefix + "prometheus",
					work.resolve("prometheus.yml"), work.resolve("prometheus-data"), List.of(CiRules.RESEND_DELAY));
			return new MonitoredSuite(work, otlp, services, webhook, alertmanager, prometheus, nodeExporter, blackbox);
		}
		catch (Exception ex) {
			closeAll(started);
			throw ex;
		}
	}

	/**
	 * Reloads Prometheus with no target in {@code job}, as if that service were scaled to
	 * zero.
	 */
	void stopScraping(String job) throws Exception {
		this.unscraped.add(job);
		reload();
	}

	/** Reloads Prometheus with {@code job}'s target back. */
	void startScraping(String job) throws Exception {
		this.unscraped.remove(job);
		reload();
	}

	/** Reloads Prometheus with one more probe of {@code target} with {@code module}. */
	void startProbing(String module, String target) throws Exception {
		this.probes.add(module + "=" + target);
		reload();
	}

	/** Reloads Prometheus without that probe. */
	void stopProbing(String module, String target) throws Exception {
		this.probes.remove(module + "=" + target);
		reload();
	}

	private void reload() throws Exception {
		writeConfig(this.work, this.alertmanager, this.blackbox, targets(this.services, this.nodeExporter),
				this.unscraped, this.probes);
		this.prometheus.reload();
	}

	/**
	 * The repository's modules, except that the TLS handshake accepts a certificate no
	 * authority signed: a test's own short-lived one, whose end date is what it checks.
	 */
	private static Path blackboxModules(Path work) throws IOException {
		String modules = Files.readString(ROOT.resolve("k8s/components/monitoring/blackbox/modules.yml"));
		String tls = "      tls: true\n";
		if (!modules.contains(tls)) {
			throw new IllegalStateException("modules.yml has no '" + tls.strip() + "' line to extend");
		}
		Path written = work.resolve("blackbox.yml");
		Files.writeString(written,
				modules.replace(tls, tls + "      tls_config:\n        insecure_skip_verify: true\n"));
		return written;
	}

	/**
	 * Writes the scrape configuration with scripts/prometheus-config.sh, the writer
	 * compose's and ./run.sh's share, at the tests' one-second intervals. A job stays
	 * even without its target: Prometheus marks a vanished target's series stale at once,
	 * while a removed job's linger for the five-minute lookback.
	 */
	private static void writeConfig(Path work, MonitoringProcess alertmanager, MonitoringProcess blackbox,
			Map<String, String> targets, Set<String> unscraped, Set<String> probes) throws IOException {
		List<String> arguments = new ArrayList<>(List.of("--host", "127.0.0.1", "--rules", "ci.rules.yml",
				"--alertmanager", alertmanager.address(), "--interval", "1s", "--timeout", "1s", "--blackbox",
				blackbox.address(), "--probe-interval", PROBE_INTERVAL));
		probes.forEach((probe) -> arguments.addAll(List.of("--probe", probe)));
		for (String service : Topology.read(ROOT.resolve(Topology.FILE)).names()) {
			String target = targets.get(service);
			// The port even without a scrape: the probes from outside still reach it.
			if (target != null) {
				arguments.addAll(List.of("--port", service + "=" + target.substring(target.lastIndexOf(':') + 1)));
			}
			if (target == null || unscraped.contains(service)) {
				arguments.addAll(List.of("--unscraped", service));
			}
		}
		arguments.addAll(List.of("--job", NODE + "=" + targets.get(NODE)));
		if (unscraped.contains(NODE)) {
			arguments.addAll(List.of("--unscraped", NODE));
		}
		writeConfig(work.resolve("prometheus.yml"), arguments);
	}

	/**
	 * Writes {@code config} with scripts/prometheus-config.sh and these arguments.
	 */
	static void writeConfig(Path config, List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>(
				List.of("bash", ROOT.resolve("scripts/prometheus-config.sh").toString()));
		command.addAll(arguments);
		Process writer = new ProcessBuilder(command).directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(config.toFile())
			.start();
		try {
			if (!writer.waitFor(30, TimeUnit.SECONDS) || writer.exitValue() != 0) {
				throw new IllegalStateException("scripts/prometheus-config.sh failed: " + Files.readString(config));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/** Each scrape job's target: one per service, and the node's. */
	private static Map<String, String> targets(Map<String, ServiceProcess> services, MonitoringProcess nodeExporter) {
		Map<String, String> targets = new LinkedHashMap<>();
		services.forEach((name, service) -> targets.put(name, "127.0.0.1:" + service.port()));
		targets.put(NODE, nodeExporter.address());
		return targets;
	}

	/**
	 * The traffic every dashboard panel needs: the one route whose gauge the golden
	 * signals show, which the scenario leaves out, called first (so that the scrapes
	 * during the scenario hold the gauge), then the load generator's steady scenario.
	 * @param reports the load generator's reports and its log, {@code <name>-steady.log}
	 * @param name what the traffic is for
	 * @param duration how long the scenario runs, as {@code --duration} takes it
	 */
	void dashboardTraffic(Path reports, String name, String duration) throws Exception {
		HttpResponse<String> example = this.services.get("service-a").get("/example");
		if (example.statusCode() != 200) {
			throw new IllegalStateException("GET /example answered " + example.statusCode());
		}
		Path log = reports.resolve(name + "-steady.log");
		Process steady = LoadGenerator.start(this.services::get, reports, log, "steady", "--rate", "10", "--duration",
				duration);
		if (!steady.waitFor(240, TimeUnit.SECONDS) || steady.exitValue() != 0) {
			steady.destroy();
			throw new IllegalStateException("the steady scenario failed: " + Files.readString(log));
		}
	}

	/**
	 * Polls {@code condition} until it holds; fails with what Alertmanager delivered so
	 * far if it never does.
	 */
	void await(Duration timeout, Check condition) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.holds()) {
				return;
			}
			Thread.sleep(500);
		}
		throw new AssertionError("not within " + timeout + "; alerts delivered: " + this.webhook.alerts());
	}

	@Override
	public void close() {
		List<AutoCloseable> all = new ArrayList<>(this.services.values());
		all.add(this.prometheus);
		all.add(this.alertmanager);
		all.add(this.nodeExporter);
		all.add(this.blackbox);
		all.add(this.webhook);
		all.add(this.otlp);
		closeAll(all);
	}

	private static void closeAll(List<AutoCloseable> closeables) {
		for (AutoCloseable closeable : closeables) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// keep closing the rest
			}
		}
	}

	@FunctionalInterface
	interface Check {

		boolean holds() throws Exception;

	}

}
