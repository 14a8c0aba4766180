package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Topology;

/**
 * Every alert of {@code prometheusrule.yaml} fires under its fault, reaches
 * Alertmanager's webhook and resolves after the reset, on a real Prometheus and
 * Alertmanager (the shared {@link MonitoredSuite}, durations divided by
 * {@link CiRules#SPEEDUP}). The steady scenario fires none. The alert list is read from
 * the rule file: an alert no test here proves fails the build, unless
 * {@code alerts-without-proof.txt} says why it cannot be caused here. Faults that do not
 * interfere are held at the same time, to keep the run short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsEndToEndTests {

	private static final Path ROOT = Topology.root();

	private static final Path REPORTS = Path.of("target/load-test-reports").toAbsolutePath();

	private static final String ORDER = "{\"item\":\"book\",\"quantity\":1,\"amount\":12.00,\"currency\":\"EUR\"}";

	/** Alerts seen firing and then resolved, as alertname. */
	private static final Set<String> proven = ConcurrentHashMap.newKeySet();

	/**
	 * What may fire, as alertname/service: what a test causes, and what follows from it.
	 */
	private static final Set<String> expected = ConcurrentHashMap.newKeySet();

	private static MonitoredSuite suite;

	@BeforeAll
	static void start() throws Exception {
		suite = MonitoredSuite.shared();
	}

	/**
	 * Minutes of the steady scenario, shortened as the rules are (45 s: twice the sped-up
	 * 5-minute windows, more than most {@code for:}s): nothing fires, and nothing is even
	 * pending, which any rule whose condition held would be.
	 */
	@Test
	@Order(1)
	void theSteadyScenarioFiresNothing() throws Exception {
		Path log = REPORTS.resolve("alerts-steady.log");
		Process steady = LoadGenerator.start(suite.services::get, REPORTS, log, "steady", "--rate", "10", "--duration",
				"45s");
		assertThat(steady.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(steady.exitValue()).as(Files.readString(log)).isZero();
		assertThat(suite.prometheus.query("ALERTS")).as("alerts pending or firing").isEmpty();
		assertThat(suite.webhook.alerts()).isEmpty();
	}

	/**
	 * service-b crashed three times and restarted in place, as Kubernetes or compose
	 * would: same address, new JVM. Resolution is checked with the next test's, once the
	 * restarts have left the window.
	 */
	@Test
	@Order(2)
	void aCrashLoopFiresServiceRestarting() throws Exception {
		expect("ServiceRestarting", "service-b");
		// Each restart is a few seconds without a target; sped up fifteen times that is a
		// minute-long outage, so ServiceDown may fire too, and the probe from outside
		// fail.
		expect("ServiceDown", "service-b");
		expect("EndpointDown", "service-b");
		// The first start must be on record for its change to count.
		suite.await(Duration.ofSeconds(30),
				() -> !suite.prometheus.query("process_start_time_seconds{job=\"service-b\"}").isEmpty());
		for (int crash = 1; crash <= 3; crash++) {
			ServiceProcess serviceB = suite.services.get("service-b");
			try {
				serviceB.get("/crash");
			}
			catch (IOException ex) {
				// the process dies mid-request
			}
			assertThat(serviceB.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
			suite.services.put("service-b", serviceB.restart("restart-" + crash));
			Thread.sleep(2000);
		}
		suite.await(Duration.ofSeconds(90), () -> fired("ServiceRestarting", "service-b"));
	}

	/**
	 * At once, each service running its own drills one after the other: every order's
	 * payment fails (the error-rate and both burn-rate alerts, and the probe of its route
	 * from outside), service-b slows down step by step (the trend) and then answers 1.5 s
	 * late (latency, also from outside), auth-service's heap is held at 93 % (heap
	 * saturation) and then its scrape target goes (absent), service-a burns its CPU (CPU)
	 * and then stops (down). Each drill is undone once its alerts fired, and the next
	 * starts once they resolved.
	 */
	@Test
	@Order(3)
	void drillsOnDifferentServicesFireTheirAlertsAtOnceAndEachResolvesOnceUndone() throws Exception {
		Map<String, List<Drill>> drills = new TreeMap<>();
		drills.put("payment-service", List.of(faults("payment-service", "{\"failureRatio\":1.0}", "HighErrorRate",
				"SLOErrorBudgetBurnFast", "SLOErrorBudgetBurnSlow", "EndpointDown")));
		drills.put("service-b", List.of(rampingLatency("service-b", "LatencyTrendingUp"),
				faults("service-b", "{\"latency\":\"1500ms\"}", "HighLatencyP95", "ProbeSlow")));
		// Left without its target, as when it is scaled to zero or the monitor selects
		// nothing: no up series at all.
		drills.put("auth-service",
				List.of(faults("auth-service", "{\"heap\":0.93}", "JvmHeapSaturation"),
						new Drill("auth-service", Set.of("ServiceAbsent"), () -> suite.stopScraping("auth-service"),
								() -> suite.startScraping("auth-service"))));
		drills.put("service-a",
				List.of(faults("service-a", "{\"cpu\":1.0}", "HighCpuUsage"), new Drill(
						"service-a", Set.of("ServiceDown"), () -> suite.services.get("service-a").close(),
						() -> suite.services.put("service-a", suite.services.get("service-a").restart("restarted")))));
		drills.values()
			.forEach((list) -> list
				.forEach((drill) -> drill.alerts().forEach((alert) -> expect(alert, drill.service()))));
		// order-service answers 502 when its payment fails: the same alerts, rightly.
		drills.get("payment-service").get(0).alerts().forEach((alert) -> expect(alert, "order-service"));
		// A stopped service-a is down from outside too.
		expect("EndpointDown", "service-a");

		AtomicBoolean running = new AtomicBoolean(true);
		String token = SuiteClient.login(suite.services.get("auth-service"));
		List<Thread> traffic = List.of(loop(running,
				() -> Http.postJson(suite.services.get("order-service").url("/order"), ORDER, token, null), 150),
				loop(running, () -> suite.services.get("service-b").get("/hello"), 100),
				loop(running, () -> suite.services.get("service-b").get("/hello"), 100));
		Map<String, Integer> next = new TreeMap<>();
		Map<String, Boolean> undone = new TreeMap<>();
		try {
			suite.await(Duration.ofSeconds(600), () -> {
				for (Map.Entry<String, List<Drill>> entry : drills.entrySet()) {
					String service = entry.getKey();
					int index = next.getOrDefault(service, -1);
					Drill drill = (index >= 0 && index < entry.getValue().size()) ? entry.getValue().get(index) : null;
					if (index < 0 || (drill != null && undone.get(service) && drill.resolved())) {
						if (drill != null) {
							proven.addAll(drill.alerts());
						}
						next.put(service, ++index);
						undone.put(service, false);
						if (index < entry.getValue().size()) {
							entry.getValue().get(index).cause().run();
						}
					}
					else if (drill != null && !undone.get(service) && drill.fired()) {
						drill.undo().run();
						undone.put(service, true);
					}
				}
				return drills.entrySet()
					.stream()
					.allMatch((entry) -> next.get(entry.getKey()) >= entry.getValue().size());
			});
			suite.await(Duration.ofSeconds(120), () -> resolved("ServiceRestarting", "service-b"));
			proven.add("ServiceRestarting");
		}
		finally {
			running.set(false);
			for (Thread thread : traffic) {
				thread.join(5000);
			}
			for (String service : drills.keySet()) {
				if (suite.services.get(service).isAlive()) {
					resetFaults(service);
				}
			}
			suite.startScraping("auth-service");
		}
	}

	/**
	 * order-service burns 90 % of its CPUs, which are this machine's two, while the node
	 * is scraped: the node is busy, and order-service itself over its CPUs.
	 */
	@Test
	@Order(4)
	void aBusyMachineFiresNodeHighCpuUsageAndItResolvesOnceItCalms() throws Exception {
		String node = suite.nodeExporter.address();
		expect("NodeHighCpuUsage", node);
		expect("HighCpuUsage", "order-service");
		suite.startScraping(MonitoredSuite.NODE);
		try {
			try {
				assertThat(setFaults("order-service", "{\"cpu\":0.9}")).isEqualTo(200);
				suite.await(Duration.ofSeconds(120), () -> fired("NodeHighCpuUsage", node));
			}
			finally {
				resetFaults("order-service");
			}
			suite.await(Duration.ofSeconds(90), () -> resolved("NodeHighCpuUsage", node));
			proven.add("NodeHighCpuUsage");
		}
		finally {
			suite.stopScraping(MonitoredSuite.NODE);
		}
	}

	/**
	 * A TLS endpoint whose certificate ends in 7 days, probed from outside: under the 14
	 * days' notice, so the alert fires; it resolves once the endpoint is no longer probed
	 * (its series go stale), as after a renewal its expiry would move beyond the notice.
	 */
	@Test
	@Order(5)
	void aCertificateEndingInAWeekFiresCertificateExpiringSoon() throws Exception {
		Path work = Files.createTempDirectory("tls-endpoint");
		try (TlsEndpoint endpoint = TlsEndpoint.start(work, 7)) {
			expect("CertificateExpiringSoon", endpoint.address());
			suite.startProbing("tls_handshake", endpoint.address());
			try {
				suite.await(Duration.ofSeconds(120), () -> fired("CertificateExpiringSoon", endpoint.address()));
				JsonNode expiry = suite.prometheus
					.query("probe_ssl_earliest_cert_expiry{instance=\"" + endpoint.address() + "\"}");
				assertThat(expiry.path(0).path("value").path(1).asDouble())
					.as("the end date the exporter read, against the certificate's own")
					.isEqualTo(endpoint.notAfter().getEpochSecond(), within(1.0));
			}
			finally {
				suite.stopProbing("tls_handshake", endpoint.address());
			}
			suite.await(Duration.ofSeconds(120), () -> resolved("CertificateExpiringSoon", endpoint.address()));
			proven.add("CertificateExpiringSoon");
		}
	}

	/**
	 * Last: every alert of the rule file was proven above or is listed with the reason it
	 * cannot be caused here, and nothing fired that no test caused.
	 */
	@Test
	@Order(6)
	void everyAlertOfTheRuleFileWasProvenHereOrSaysWhyNotAndNothingElseFired() throws Exception {
		Set<String> rules = alertsOfTheRuleFile();
		Map<String, String> withoutProof = withoutProof();
		assertThat(withoutProof).allSatisfy((alert, reason) -> assertThat(reason).as(alert).isNotBlank());
		assertThat(rules).as("alerts of prometheusrule.yaml").containsAll(withoutProof.keySet()).containsAll(proven);
		Set<String> unaccounted = new TreeSet<>(rules);
		unaccounted.removeAll(proven);
		unaccounted.removeAll(withoutProof.keySet());
		assertThat(unaccounted).as("alerts with neither a passing proof nor a reason").isEmpty();
		Set<String> both = new TreeSet<>(proven);
		both.retainAll(withoutProof.keySet());
		assertThat(both).as("proven, yet listed as impossible here").isEmpty();

		List<String> unexpected = new ArrayList<>();
		for (JsonNode alert : suite.webhook.alerts()) {
			String firing = alert.path("labels").path("alertname").asString() + "/" + service(alert);
			if (!expected.contains(firing)) {
				unexpected.add(firing);
			}
		}
		assertThat(unexpected).as("alerts no test caused").isEmpty();
	}

	private static Set<String> alertsOfTheRuleFile() {
		Set<String> alerts = new TreeSet<>();
		JsonNode spec = YAMLMapper.builder()
			.build()
			.readTree(ROOT.resolve("k8s/components/monitoring/prometheusrule.yaml").toFile())
			.path("spec");
		for (JsonNode group : spec.path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				if (rule.has("alert")) {
					alerts.add(rule.path("alert").asString());
				}
			}
		}
		return alerts;
	}

	/** {@code alerts-without-proof.txt}: alert, colon, why it cannot be caused here. */
	private static Map<String, String> withoutProof() throws IOException {
		Map<String, String> reasons = new TreeMap<>();
		try (InputStream in = AlertsEndToEndTests.class.getResourceAsStream("/alerts-without-proof.txt")) {
			assertThat(in).as("alerts-without-proof.txt").isNotNull();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					int colon = line.indexOf(':');
					reasons.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
				}
			}
		}
		return reasons;
	}

	private static void expect(String alert, String service) {
		expected.add(alert + "/" + service);
	}

	private static boolean fired(String alert, String service) {
		return delivered(alert, "firing", service);
	}

	private static boolean resolved(String alert, String service) {
		return delivered(alert, "resolved", service);
	}

	private static boolean delivered(String alert, String status, String service) {
		return suite.webhook.alerts()
			.stream()
			.anyMatch((delivered) -> delivered.path("labels").path("alertname").asString().equals(alert)
					&& delivered.path("status").asString().equals(status) && service(delivered).equals(service));
	}

	/**
	 * What an alert is about: its application label, or the scrape job's, or (for a node,
	 * or a probe with no service behind it) its instance.
	 */
	private static String service(JsonNode alert) {
		JsonNode labels = alert.path("labels");
		String application = labels.path("application").asString();
		if (!application.isEmpty()) {
			return application;
		}
		String job = labels.path("job").asString();
		return (job.isEmpty() || job.equals("blackbox")) ? labels.path("instance").asString() : job;
	}

	private static int setFaults(String service, String body) {
		try {
			return Http.postJson(suite.services.get(service).url("/actuator/faults"), body, null, null).statusCode();
		}
		catch (IOException ex) {
			throw new IllegalStateException(service + " did not take its faults", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void resetFaults(String service) {
		try {
			Http.send("DELETE", suite.services.get(service).url("/actuator/faults"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(service + " did not reset its faults", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A drill through {@code service}'s fault controls, undone by their reset. */
	private static Drill faults(String service, String body, String... alerts) {
		return new Drill(service, Set.of(alerts), () -> assertThat(setFaults(service, body)).as(service).isEqualTo(200),
				() -> resetFaults(service));
	}

	/**
	 * A service slowing down step by step, as under a gradual degradation: 50 ms more
	 * latency every 4 s from 250 ms (a minute's steps at production pace, sped up as the
	 * rules are), held at 800 ms, under HighLatencyP95's 1 s; undone by the reset.
	 */
	private static Drill rampingLatency(String service, String... alerts) {
		AtomicReference<Thread> ramp = new AtomicReference<>();
		// A step that failed, reported by the undo: the alert's wait alone would only say
		// that it never fired.
		AtomicReference<Throwable> failed = new AtomicReference<>();
		return new Drill(service, Set.of(alerts), () -> {
			Thread thread = new Thread(() -> {
				try {
					for (int millis = 250; millis <= 800; millis += 50) {
						assertThat(setFaults(service, "{\"latency\":\"" + millis + "ms\"}")).as(service).isEqualTo(200);
						Thread.sleep(4000);
					}
				}
				catch (InterruptedException ex) {
					// undone
				}
				catch (RuntimeException | AssertionError ex) {
					failed.set(ex);
				}
			}, "latency-ramp");
			thread.setDaemon(true);
			thread.start();
			ramp.set(thread);
		}, () -> {
			ramp.get().interrupt();
			ramp.get().join(10000);
			resetFaults(service);
			if (failed.get() != null) {
				throw new AssertionError("a step of " + service + "'s latency ramp failed", failed.get());
			}
		});
	}

	/** A thread sending {@code request} every {@code pauseMillis} while running. */
	private static Thread loop(AtomicBoolean running, Request request, long pauseMillis) {
		Thread thread = new Thread(() -> {
			while (running.get()) {
				try {
					request.send();
					Thread.sleep(pauseMillis);
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (Exception ex) {
					// a failed request is what some faults cause; keep going
				}
			}
		}, "alert-traffic");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * A cause of {@code alerts} about {@code service}, and what undoes it.
	 */
	private record Drill(String service, Set<String> alerts, Step cause, Step undo) {

		boolean fired() {
			return this.alerts.stream().allMatch((alert) -> AlertsEndToEndTests.fired(alert, this.service));
		}

		boolean resolved() {
			return this.alerts.stream().allMatch((alert) -> AlertsEndToEndTests.resolved(alert, this.service));
		}

	}

	@FunctionalInterface
	interface Step {

		void run() throws Exception;

	}

	@FunctionalInterface
	interface Request {

		void send() throws Exception;

	}

}
