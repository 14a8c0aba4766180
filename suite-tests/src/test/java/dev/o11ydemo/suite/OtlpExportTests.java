package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.Http;

/**
 * With {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, {@code scripts/service.sh} switches the
 * agent's trace exporter to OTLP. A loopback sink stands in for the collector and checks
 * that spans arrive as OTLP/HTTP protobuf, named after the service; decoding the spans is
 * left to the end-to-end receiver.
 */
class OtlpExportTests {

	private final List<Export> exports = new CopyOnWriteArrayList<>();

	private HttpServer collector;

	@BeforeEach
	void startCollector() throws IOException {
		this.collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.collector.createContext("/", (exchange) -> {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			exchange.getRequestBody().transferTo(body);
			this.exports.add(new Export(exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Content-Type"), body.toByteArray()));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.collector.start();
	}

	@AfterEach
	void stopCollector() {
		this.collector.stop(0);
	}

	@Test
	void tracesAreExportedOverOtlpWhenAnEndpointIsSet() throws Exception {
		String endpoint = Http.loopback(this.collector.getAddress().getPort(), "");
		Map<String, String> environment = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
				// Export within a fraction of a second instead of the default 5 s batch
				// delay.
				"OTEL_BSP_SCHEDULE_DELAY", "200");
		try (ServiceProcess service = ServiceProcess.start("service-b", "otlp-service-b", environment)) {
			assertThat(service.get("/hello").statusCode()).isEqualTo(200);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (tracesMentioning("/hello").isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
		}
		List<Export> traces = tracesMentioning("/hello");
		assertThat(traces).isNotEmpty();
		assertThat(traces.get(0).contentType()).isEqualTo("application/x-protobuf");
		assertThat(traces.get(0).text()).contains("service-b");
		assertThat(this.exports)
			.noneMatch((export) -> export.path().equals("/v1/metrics") || export.path().equals("/v1/logs"));
	}

	@Test
	void theAgentTracesEachServicesSql() throws Exception {
		String endpoint = Http.loopback(this.collector.getAddress().getPort(), "");
		Path data = Files.createTempDirectory("otlp-payment");
		try (ServiceProcess auth = ServiceProcess.start("auth-service", "otlp-auth-service", Map.of());
				ServiceProcess service = ServiceProcess.start("payment-service", "otlp-payment-service",
						Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_BSP_SCHEDULE_DELAY", "200", "DATA_DIR",
								data.toString(), "AUTH_SERVICE_URI", auth.url("")))) {
			var response = Http.postJson(service.url("/payment/charge"),
					"{\"orderId\":\"otlp-1\",\"amount\":3.50,\"currency\":\"EUR\"}", SuiteClient.login(auth), null);
			assertThat(response.statusCode()).isEqualTo(201);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (tracesMentioning("INSERT").isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
		}
		assertThat(tracesMentioning("INSERT")).anySatisfy((export) -> assertThat(export.text()).contains("payments"));
	}

	private List<Export> tracesMentioning(String text) {
		return this.exports.stream()
			.filter((export) -> export.path().equals("/v1/traces"))
			.filter((export) -> export.text().contains(text))
			.toList();
	}

	private record Export(String path, String contentType, byte[] body) {

		String text() {
			return new String(this.body, StandardCharsets.ISO_8859_1);
		}

	}

}
