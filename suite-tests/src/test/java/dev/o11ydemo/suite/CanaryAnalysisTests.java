package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.o11ydemo.loadtest.gameday.Scenario;
import dev.o11ydemo.testsupport.Topology;

/**
 * The canary component's SLO gate on a real Prometheus, where no Argo Rollouts controller
 * runs: two processes of service-b, a stable and a canary, scraped as the Prometheus
 * Operator scrapes the canary component's pods (the namespace, and the role label the
 * Rollouts' canaryMetadata and stableMetadata set, read from the committed strategy),
 * under steady traffic to both. A release is a new canary process started with fault
 * settings in its environment, as the game day's release step sets them on the pod
 * template. The gate's queries, conditions and limits are read from the committed
 * AnalysisTemplate by {@link CanaryGate}, and measured as an analysis run measures them.
 */
class CanaryAnalysisTests {

	private static final Path ROOT = Topology.root();

	private static final String NAMESPACE = "o11y-demo";

	/** Each measured often enough for the failure limit to be crossed twice over. */
	private static final int ROUNDS = 4;

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Map<String, ServiceProcess> pods = new ConcurrentHashMap<>();

	private static final Map<String, Boolean> receiving = new ConcurrentHashMap<>();

	private static final AtomicInteger answered = new AtomicInteger();

	private static ScheduledExecutorService traffic;

	private static MonitoringProcess prometheus;

	private static CanaryGate gate;

	private static String label;

	private static Map<String, String> roles;

	@BeforeAll
	static void start() throws Exception {
		MonitoringProcess.requireTools();
		// The label and its two values, as the Rollouts set them on the pods.
		JsonNode canary = YAMLMapper.builder()
			.build()
			.readTree(ROOT.resolve("k8s/components/canary/canary-strategy.yaml").toFile())
			.path("spec")
			.path("strategy")
			.path("canary");
		label = canary.path("canaryMetadata").path("labels").propertyNames().iterator().next();
		roles = Map.of("stable", canary.path("stableMetadata").path("labels").path(label).asString(), "canary",
				canary.path("canaryMetadata").path("labels").path(label).asString());
		gate = new CanaryGate(ROOT, Map.of("service", "service-b", "namespace", NAMESPACE));

		for (String role : List.of("stable", "canary")) {
			pods.put(role, ServiceProcess.start("service-b", "canary-analysis-" + role, environment(Map.of())));
			receiving.put(role, true);
		}
		Path work = Files.createTempDirectory("canary-analysis");
		StringBuilder targets = new StringBuilder();
		pods.forEach((role, pod) -> targets.append("""
				      - targets: ["127.0.0.1:%d"]
				        labels: {namespace: %s, %s: %s}
				""".formatted(pod.port(), NAMESPACE, label, roles.get(role))));
		Files.writeString(work.resolve("prometheus.yml"), """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				scrape_configs:
				  - job_name: service-b
				    metrics_path: /metrics
				    static_configs:
				%s""".formatted(targets));
		prometheus = MonitoringProcess.prometheus("canary-analysis-prometheus", work.resolve("prometheus.yml"),
				work.resolve("data"));

		// 20 requests a second to each pod, as the Service shares them out.
		traffic = Executors.newScheduledThreadPool(2);
		traffic.scheduleAtFixedRate(() -> pods.forEach((role, pod) -> {
			if (receiving.get(role)) {
				// A refused connection (a canary being replaced) fails the future, not
				// the schedule.
				client
					.sendAsync(HttpRequest.newBuilder(URI.create(pod.url("/hello"))).build(),
							HttpResponse.BodyHandlers.discarding())
					.thenAccept((response) -> answered.incrementAndGet());
			}
		}), 0, 50, TimeUnit.MILLISECONDS);
	}

	@AfterAll
	static void stop() throws Exception {
		if (traffic != null) {
			traffic.shutdownNow();
		}
		if (prometheus != null) {
			prometheus.close();
		}
		for (ServiceProcess pod : pods.values()) {
			pod.close();
		}
	}

	@Test
	void aHealthyCanaryStaysInsideTheGateAndTheReleaseWouldGoOn() throws Exception {
		release(Map.of());
		CanaryGate.Run run = measure(ROUNDS);
		assertThat(run.phase()).as(run.measurements().toString()).isEqualTo(CanaryGate.Phase.SUCCESSFUL);
		assertThat(run.measurements().keySet()).containsExactlyElementsOf(gate.metricNames());
		assertThat(run.measurements().values()).allSatisfy((measured) -> assertThat(measured).hasSize(ROUNDS));
	}

	/**
	 * A release failing a quarter of its requests, or answering in 1.5 s, is aborted on
	 * the metric it breaks, and on that one alone.
	 */
	@ParameterizedTest
	@CsvSource({ "failureRatio, 0.25, added-error-ratio", "latency, 1500ms, latency-p95" })
	void aBadReleaseIsAbortedOnTheMetricItBreaks(String setting, String value, String breaks) throws Exception {
		release(Map.of(setting, value));
		CanaryGate.Run run = measure(ROUNDS);
		assertThat(run.phase()).as(run.measurements().toString()).isEqualTo(CanaryGate.Phase.FAILED);
		run.measurements().forEach((metric, measured) -> {
			if (metric.equals(breaks)) {
				assertThat(measured.get(measured.size() - 1)).endsWith("failed");
			}
			else {
				assertThat(measured).as(metric).allMatch((measurement) -> measurement.endsWith("successful"));
			}
		});
	}

	@Test
	void aCanaryNoRequestReachesIsNeverPromotedUnmeasured() throws Exception {
		receiving.put("canary", false);
		try {
			release(Map.of());
			// The replaced canary's last samples stay in the window for its length:
			// enough rounds for the errors in a row to outlast them.
			CanaryGate.Run run = measure(10);
			assertThat(run.phase()).as(run.measurements().toString()).isEqualTo(CanaryGate.Phase.ERROR);
		}
		finally {
			receiving.put("canary", true);
		}
	}

	/** Runs the gate, printing what it measured for the log. */
	private static CanaryGate.Run measure(int rounds) throws Exception {
		CanaryGate.Run run = gate.run(prometheus, rounds);
		System.out.println("canary analysis: " + run.phase() + " " + run.measurements());
		return run;
	}

	/**
	 * Replaces the canary with a new process whose fault settings start as given, on the
	 * same address (a new pod in the canary's place), and waits until its requests are
	 * answered when it receives any.
	 */
	private static void release(Map<String, String> settings) throws Exception {
		ServiceProcess old = pods.get("canary");
		int port = old.port();
		old.close();
		Map<String, String> variables = new LinkedHashMap<>();
		settings.forEach((setting, value) -> variables.put(Scenario.Release.variable(setting), value));
		pods.put("canary", ServiceProcess.start("service-b", "canary-analysis-canary-" + settings.hashCode(),
				environment(variables), port));
		int before = answered.get();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (receiving.get("canary") && answered.get() < before + 20 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	private static Map<String, String> environment(Map<String, String> added) {
		Map<String, String> environment = new LinkedHashMap<>(added);
		// No collector here: the agent exports nothing.
		environment.put("OTEL_SDK_DISABLED", "true");
		return environment;
	}

}
