package dev.o11ydemo.servicea;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.SlowClients;
import dev.o11ydemo.testsupport.SlowClients.Stall;

/**
 * Every route of the original service-a, over real HTTP: status, content type and body.
 * /call-service-b is covered by CallServiceBTests (stub) and by the suite tests (the real
 * service-b).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.fault-routes.example-max-delay=200ms")
class ServiceARoutesTests {

	@LocalServerPort
	int port;

	/**
	 * 200 connections that stall in their headers or their body hold none of service-a's
	 * request threads: probes are answered within Kubernetes' 1 s probe timeout, and so
	 * are other clients.
	 */
	@ParameterizedTest
	@EnumSource(Stall.class)
	void stalledClientsLeaveProbesAndOtherClientsAnswered(Stall stall) throws Exception {
		try (SlowClients slow = SlowClients.stalled(this.port, 200, stall, "/")) {
			assertThat(SlowClients.probe(url("/actuator/health/readiness"))).isEqualTo(200);
			assertThat(SlowClients.probe(url("/actuator/health/liveness"))).isEqualTo(200);
			assertThat(SlowClients.probe(url("/"))).isEqualTo(200);
		}
	}

	@Test
	void root() throws Exception {
		expect("/", 200, "application/json", "{\"status\":\"🏃- Running\"}");
	}

	@Test
	void healthy() throws Exception {
		expect("/healthy", 200, "application/json", "{\"name\":\"service-a\",\"status\":\"healthy\"}");
	}

	@Test
	void serverError() throws Exception {
		expect("/serverError", 500, "application/json", "{\"error\":\" Internal server error\",\"statusCode\":500}");
	}

	@Test
	void notFound() throws Exception {
		expect("/notFound", 404, "application/json", "{\"error\":\"Not Found\",\"statusCode\":\"404\"}");
	}

	@Test
	void logs() throws Exception {
		expect("/logs", 200, "application/json", "{\"objective\":\"To generate logs\"}");
	}

	@Test
	void example() throws Exception {
		expect("/example", 200, "text/plain", "Async task completed");
	}

	@Test
	void metrics() throws Exception {
		HttpResponse<String> response = Http.get(url("/metrics"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("text/plain");
		assertThat(response.body()).contains("# TYPE http_requests_total counter");
	}

	private void expect(String path, int status, String contentType, String body) throws Exception {
		HttpResponse<String> response = Http.get(url(path));
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(Http.contentType(response)).startsWith(contentType);
		assertThat(response.body()).isEqualTo(body);
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
