package dev.o11ydemo.serviceb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;

/**
 * The whole service over real HTTP: its own route plus what the starter adds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ServiceBRoutesTests {

	@LocalServerPort
	int port;

	@Test
	void helloAnswersOverHttp() throws Exception {
		HttpResponse<String> response = get("/hello");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("text/plain");
		assertThat(response.body()).isEqualTo("Hello from Service B!");
	}

	@Test
	void healthyNamesServiceB() throws Exception {
		HttpResponse<String> response = get("/healthy");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"name\":\"service-b\",\"status\":\"healthy\"}");
	}

	@Test
	void metricsCarryTheServiceNameAndTheHelloRoute() throws Exception {
		get("/hello");
		Scrape scrape = Scrape.await(Http.loopback(this.port, "/metrics"),
				(candidate) -> candidate.has("http_requests_total", "path", "/hello"));
		assertThat(scrape.samples("http_requests_total")).anySatisfy((sample) -> {
			assertThat(sample.label("path")).isEqualTo("/hello");
			assertThat(sample.label("application")).isEqualTo("service-b");
		});
	}

	@Test
	void probesAreUp() throws Exception {
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return Http.get(Http.loopback(this.port, path));
	}

}
