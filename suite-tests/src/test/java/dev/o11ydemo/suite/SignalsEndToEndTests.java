package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.o11ydemo.suite.OtlpReceiver.ReceivedSpan;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.Topology;

/**
 * The whole pipeline on this machine, no Docker: the five services with the real agent
 * exporting OTLP to an in-JVM receiver, a real Prometheus scraping them every second with
 * the repo's rules (sped up by {@link CiRules}), a real Alertmanager delivering to a
 * webhook in the test. Each test proves one promise: a failure shows up, correlated, in
 * metrics, logs, traces and alerts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalsEndToEndTests {

	private static final Path ROOT = Topology.root();

	private static final String ORDER = "{\"item\":\"book\",\"quantity\":1,\"amount\":12.00,\"currency\":\"EUR\"}";

	private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();

	private static OtlpReceiver otlp;

	private static WebhookReceiver webhook;

	private static MonitoringProcess alertmanager;

	private static MonitoringProcess prometheus;

	@BeforeAll
	static void start() throws Exception {
		// Before starting five JVMs: without Prometheus and Alertmanager the tests skip
		// (or, in CI, fail) at once.
		MonitoringProcess.requireTools();
		Path work = Files.createTempDirectory("signals-e2e");
		otlp = new OtlpReceiver();
		webhook = new WebhookReceiver();
		Map<String, String> common = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(), "OTEL_BSP_SCHEDULE_DELAY",
				"200", "DEMO_FAULTROUTES_EXAMPLEMAXDELAY", "100ms", "DATA_DIR", work.toString());
		services.putAll(ServiceProcess.startSuite("e2e-", common));

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
		alertmanager = MonitoringProcess.alertmanager(work.resolve("alertmanager.yml"),
				work.resolve("alertmanager-data"));

		Files.writeString(work.resolve("ci.rules.yml"),
				CiRules.from(ROOT.resolve("k8s/components/monitoring/prometheusrule.yaml")));
		StringBuilder config = new StringBuilder("""
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files: [ci.rules.yml]
				alerting:
				  alertmanagers:
				    - static_configs:
				        - targets: ["%s"]
				scrape_configs:
				""".formatted(alertmanager.address()));
		services.forEach((name, service) -> config.append("""
				  - job_name: %s
				    metrics_path: /metrics
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(name, service.port())));
		Files.writeString(work.resolve("prometheus.yml"), config);
		prometheus = MonitoringProcess.prometheus(work.resolve("prometheus.yml"), work.resolve("prometheus-data"));
	}

	@AfterAll
	static void stop() throws Exception {
		List<AutoCloseable> all = new ArrayList<>(services.values());
		all.add(prometheus);
		all.add(alertmanager);
		all.add(otlp);
		all.add(webhook);
		for (AutoCloseable closeable : all) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// keep closing the rest
				}
			}
		}
	}

	@Test
	@Order(1)
	void everyTargetIsUpAndExportsTheFourSeedFamiliesWithItsServiceLabel() throws Exception {
		for (ServiceProcess service : services.values()) {
			service.get("/example");
			service.get("/healthy");
		}
		await(Duration.ofSeconds(30), () -> prometheus.query("up == 1").size() == services.size());
		for (String name : services.keySet()) {
			for (String family : List.of("http_requests_total", "http_request_duration_seconds_bucket",
					"http_request_duration_summary_seconds", "node_gauge_example")) {
				String query = family + "{application=\"" + name + "\", job=\"" + name + "\"}";
				await(Duration.ofSeconds(15), () -> prometheus.query(query).size() > 0);
			}
		}
	}

	@Test
	@Order(2)
	void oneOrderIsOneTraceAcrossThreeServicesAndTheirLogsCarryItsId() throws Exception {
		String traceId = placeOrder();
		await(Duration.ofSeconds(20),
				() -> otlp.services(traceId).containsAll(Set.of("order-service", "auth-service", "payment-service")));
		assertThat(otlp.services(traceId)).containsExactlyInAnyOrder("order-service", "auth-service",
				"payment-service");
		assertThat(services.get("auth-service").awaitAccessLines("/login/introspect", 1))
			.anySatisfy((line) -> assertThat(line.path("trace_id").asString()).isEqualTo(traceId));
		assertThat(services.get("payment-service").awaitAccessLines("/payment/charge", 1))
			.anySatisfy((line) -> assertThat(line.path("trace_id").asString()).isEqualTo(traceId));
	}

	/**
	 * The spans the agent's enabled instrumentations give one order
	 * ({@code scripts/otel-agent.properties}): a server span per service named after its
	 * route, a client span for each call, SQL spans, all in one tree under
	 * order-service's server span.
	 */
	@Test
	@Order(2)
	void oneOrderIsOneTreeOfServerClientAndSqlSpans() throws Exception {
		String traceId = placeOrder();
		List<String> servers = List.of("order-service POST /order", "auth-service POST /login/introspect",
				"payment-service POST /payment/charge");
		// Each service ends its server span last, so once the three are in, so is the
		// rest.
		await(Duration.ofSeconds(20),
				() -> otlp.spans(traceId)
					.stream()
					.filter((span) -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER)
					.map((span) -> span.service() + " " + span.name())
					.toList()
					.containsAll(servers));
		List<ReceivedSpan> spans = otlp.spans(traceId);
		Map<String, ReceivedSpan> byId = new HashMap<>();
		spans.forEach((span) -> byId.put(span.spanId(), span));

		assertThat(spans).filteredOn((span) -> span.parentSpanId().isEmpty())
			.extracting((span) -> span.service() + " " + span.name())
			.containsExactly("order-service POST /order");
		assertThat(spans).filteredOn((span) -> !span.parentSpanId().isEmpty())
			.allSatisfy((span) -> assertThat(byId).as("parent of %s", span).containsKey(span.parentSpanId()));
		// auth-service and payment-service are each entered through a client span of
		// their caller, which sent the traceparent header.
		assertThat(spans).filteredOn((span) -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER)
			.filteredOn((span) -> !span.parentSpanId().isEmpty())
			.hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((span) -> {
				ReceivedSpan parent = byId.get(span.parentSpanId());
				assertThat(parent.kind()).as("parent of %s", span).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
				assertThat(parent.service()).as("parent of %s", span).isNotEqualTo(span.service());
			});
		assertThat(spans).filteredOn((span) -> span.kind() == Span.SpanKind.SPAN_KIND_CLIENT)
			.filteredOn((span) -> span.name().startsWith("INSERT"))
			.extracting(ReceivedSpan::service)
			.contains("order-service", "payment-service");
	}

	@Test
	@Order(3)
	void aLatencyExemplarPointsAtATraceTheCollectorReceived() throws Exception {
		String token = SuiteClient.login(services.get("auth-service"));
		ServiceProcess order = services.get("order-service");
		Set<String> matched = new HashSet<>();
		await(Duration.ofSeconds(30), () -> {
			Http.postJson(order.url("/order"), ORDER, token, null);
			Thread.sleep(300);
			Scrape scrape = Scrape
				.parse(Http.get(order.url("/metrics"), "application/openmetrics-text;version=1.0.0").body());
			scrape.samples("http_request_duration_seconds_bucket")
				.stream()
				.map((sample) -> sample.exemplar().get("trace_id"))
				.filter((traceId) -> traceId != null && otlp.traceIds().contains(traceId))
				.forEach(matched::add);
			return !matched.isEmpty();
		});
		assertThat(matched).isNotEmpty();
	}

	/**
	 * An active fault shows in the metrics and in the traces: order-service's
	 * {@code fault_active} gauge in Prometheus, and an event on the server span of an
	 * order it slowed.
	 */
	@Test
	@Order(3)
	void aDependencyFaultShowsInItsGaugeAndOnTheSpansOfTheRequestsItSlowed() throws Exception {
		ServiceProcess order = services.get("order-service");
		try {
			assertThat(Http
				.postJson(order.url("/actuator/faults"),
						"{\"dependency\":\"payment-service\",\"dependencyLatency\":\"200ms\"}", null, null)
				.statusCode()).isEqualTo(200);
			String active = "fault_active{job=\"order-service\",kind=\"dependency_latency\"} == 1";
			await(Duration.ofSeconds(30), () -> !prometheus.query(active).isEmpty());
			String traceId = placeOrder();
			await(Duration.ofSeconds(20), () -> otlp.spans(traceId)
				.stream()
				.anyMatch(
						(span) -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER && span.name().equals("POST /order")));
			assertThat(otlp.spans(traceId)).filteredOn((span) -> span.name().equals("POST /order"))
				.singleElement()
				.satisfies((span) -> assertThat(span.faults()).containsExactly("dependency_latency"));
		}
		finally {
			Http.send("DELETE", order.url("/actuator/faults"));
		}
		String ended = "fault_active{job=\"order-service\",kind=\"dependency_latency\"} == 0";
		await(Duration.ofSeconds(30), () -> !prometheus.query(ended).isEmpty());
	}

	@Test
	@Order(4)
	void anErrorBurstFiresTheErrorRateAlertAndItResolvesAfterTheReset() throws Exception {
		ServiceProcess payment = services.get("payment-service");
		String token = SuiteClient.login(services.get("auth-service"));
		AtomicBoolean running = new AtomicBoolean(true);
		Thread traffic = new Thread(() -> {
			while (running.get()) {
				try {
					Http.postJson(services.get("order-service").url("/order"), ORDER, token, null);
					Thread.sleep(150);
				}
				catch (Exception ex) {
					return;
				}
			}
		});
		traffic.start();
		try {
			assertThat(
					Http.postJson(payment.url("/actuator/faults"), "{\"failureRatio\":1.0}", null, null).statusCode())
				.isEqualTo(200);
			await(Duration.ofSeconds(120),
					() -> webhook.received("HighErrorRate", "firing", "application", "payment-service"));
			Http.send("DELETE", payment.url("/actuator/faults"));
			await(Duration.ofSeconds(120),
					() -> webhook.received("HighErrorRate", "resolved", "application", "payment-service"));
		}
		finally {
			running.set(false);
			traffic.join(5000);
			Http.send("DELETE", payment.url("/actuator/faults"));
		}
	}

	@Test
	@Order(5)
	void aCrashLoopFiresTheRestartAlertAndAlertmanagerDeliversIt() throws Exception {
		for (int crash = 1; crash <= 3; crash++) {
			ServiceProcess serviceB = services.get("service-b");
			try {
				serviceB.get("/crash");
			}
			catch (IOException ex) {
				// the process dies mid-request
			}
			assertThat(serviceB.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
			// Restarted in place, as Kubernetes or compose would: same address, new JVM.
			services.put("service-b", serviceB.restart("restart-" + crash));
			Thread.sleep(2000);
		}
		await(Duration.ofSeconds(90),
				() -> webhook.received("ServiceRestarting", "firing", "application", "service-b"));
	}

	@Test
	@Order(6)
	void aStoppedServiceFiresServiceDown() throws Exception {
		ServiceProcess serviceA = services.remove("service-a");
		serviceA.close();
		await(Duration.ofSeconds(60), () -> webhook.received("ServiceDown", "firing", "job", "service-a"));
	}

	/**
	 * Places one order as the demo user and returns its trace id, from order-service's
	 * access log.
	 */
	private static String placeOrder() throws Exception {
		String token = SuiteClient.login(services.get("auth-service"));
		ServiceProcess order = services.get("order-service");
		int before = order.accessLines("/order").size();
		assertThat(Http.postJson(order.url("/order"), ORDER, token, null).statusCode()).isEqualTo(201);
		List<JsonNode> lines = order.awaitAccessLines("/order", before + 1);
		return lines.get(lines.size() - 1).path("trace_id").asString();
	}

	/**
	 * Polls {@code condition} until it holds; fails with what Alertmanager delivered so
	 * far if it never does.
	 */
	private static void await(Duration timeout, Check condition) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.holds()) {
				return;
			}
			Thread.sleep(500);
		}
		throw new AssertionError("not within " + timeout + "; alerts delivered: " + webhook.alerts());
	}

	@FunctionalInterface
	interface Check {

		boolean holds() throws Exception;

	}

}
