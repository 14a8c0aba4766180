package dev.o11ydemo.suite;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import dev.o11ydemo.testsupport.Http;

/**
 * Receives spans over OTLP/HTTP protobuf ({@code POST /v1/traces}) and decodes them with
 * the OTLP protocol classes, as an OpenTelemetry Collector would: the spans of each
 * trace, with the service that sent them. Anything else sent to it (metrics, logs, or
 * spans not in protobuf) is kept aside.
 */
final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, List<ReceivedSpan>> spansByTrace = new ConcurrentHashMap<>();

	private final List<String> unexpected = new CopyOnWriteArrayList<>();

	OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				this.unexpected.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
						+ exchange.getRequestHeaders().getFirst("Content-Type"));
				exchange.sendResponseHeaders(404, -1);
			}
		});
		this.server.createContext("/v1/traces", (exchange) -> {
			try (exchange) {
				if (!"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
					this.unexpected.add("/v1/traces as " + exchange.getRequestHeaders().getFirst("Content-Type"));
					exchange.sendResponseHeaders(415, -1);
					return;
				}
				ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
				record(request);
				byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
				exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, response.length);
				exchange.getResponseBody().write(response);
			}
		});
		this.server.start();
	}

	private void record(ExportTraceServiceRequest request) {
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			String service = resourceSpans.getResource()
				.getAttributesList()
				.stream()
				.filter((attribute) -> attribute.getKey().equals("service.name"))
				.map((KeyValue attribute) -> attribute.getValue().getStringValue())
				.findFirst()
				.orElse("unknown");
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (Span span : scopeSpans.getSpansList()) {
					String traceId = HexFormat.of().formatHex(span.getTraceId().toByteArray());
					this.spansByTrace.computeIfAbsent(traceId, (id) -> new CopyOnWriteArrayList<>())
						.add(new ReceivedSpan(service, span.getName(), span.getKind(),
								HexFormat.of().formatHex(span.getSpanId().toByteArray()),
								HexFormat.of().formatHex(span.getParentSpanId().toByteArray()), faults(span)));
				}
			}
		}
	}

	/** The {@code fault.kind} of each {@code fault} event of the span. */
	private static List<String> faults(Span span) {
		return span.getEventsList()
			.stream()
			.filter((event) -> event.getName().equals("fault"))
			.flatMap((event) -> event.getAttributesList().stream())
			.filter((attribute) -> attribute.getKey().equals("fault.kind"))
			.map((attribute) -> attribute.getValue().getStringValue())
			.toList();
	}

	/** The OTLP endpoint to give the agent ({@code OTEL_EXPORTER_OTLP_ENDPOINT}). */
	String endpoint() {
		return Http.loopback(this.server.getAddress().getPort(), "");
	}

	Set<String> services(String traceId) {
		return spans(traceId).stream().map(ReceivedSpan::service).collect(Collectors.toCollection(TreeSet::new));
	}

	List<ReceivedSpan> spans(String traceId) {
		return List.copyOf(this.spansByTrace.getOrDefault(traceId, List.of()));
	}

	Set<String> traceIds() {
		return this.spansByTrace.keySet();
	}

	/**
	 * The requests that were not spans in OTLP/HTTP protobuf: method, path, content type.
	 */
	List<String> unexpected() {
		return List.copyOf(this.unexpected);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One received span: the service that sent it, its name and kind, its own and its
	 * parent's id in hex (the parent's is empty for a trace's root), and the kinds of the
	 * faults its events record.
	 */
	record ReceivedSpan(String service, String name, Span.SpanKind kind, String spanId, String parentSpanId,
			List<String> faults) {

	}

}
