package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.o11ydemo.suite.OtlpReceiver.ReceivedSpan;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;

/**
 * The whole pipeline on this machine, no Docker: the five services with the real agent
 * exporting OTLP to an in-JVM receiver, watched by a real Prometheus and Alertmanager
 * (the shared {@link MonitoredSuite}). Each test proves one promise: a request shows up,
 * correlated, in metrics, logs and traces, and so does a fault.
 * {@link AlertsEndToEndTests} proves the alerts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalsEndToEndTests {

	private static final String ORDER = "{\"item\":\"book\",\"quantity\":1,\"amount\":12.00,\"currency\":\"EUR\"}";

	private static OtlpReceiver otlp;

	private static MonitoredSuite suite;

	private static Map<String, ServiceProcess> services;

	private static MonitoringProcess prometheus;

	@BeforeAll
	static void start() throws Exception {
		suite = MonitoredSuite.shared();
		otlp = suite.otlp;
		services = suite.services;
		prometheus = suite.prometheus;
	}

	@Test
	@Order(1)
	void everyTargetIsUpAndExportsTheFourSeedFamiliesWithItsServiceLabel() throws Exception {
		for (ServiceProcess service : services.values()) {
			service.get("/example");
			service.get("/healthy");
		}
		// The services' own jobs; the blackbox job is the exporter's.
		String serviceJobs = "up{job=~\"" + String.join("|", services.keySet()) + "\"} == 1";
		await(Duration.ofSeconds(30), () -> prometheus.query(serviceJobs).size() == services.size());
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
		// Spans only, in protobuf: the agent's metric and log exporters stay off
		// (scripts/otel-agent.properties), since Prometheus and the JSON logs carry
		// those.
		assertThat(otlp.unexpected()).isEmpty();
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

	private static void await(Duration timeout, MonitoredSuite.Check condition) throws Exception {
		suite.await(timeout, condition);
	}

}
