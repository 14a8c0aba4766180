package dev.o11ydemo.demoservice.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.demoservice.TestApplication.RecordingTerminator;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.Scrape.Sample;

/**
 * The common routes answer exactly as the original Node.js service did: status, content
 * type and body.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CommonRoutesTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingTerminator terminator;

	@Test
	void healthyNamesTheService() throws Exception {
		HttpResponse<String> response = get("/healthy");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("application/json");
		assertThat(response.body()).isEqualTo("{\"name\":\"test-service\",\"status\":\"healthy\"}");
	}

	@Test
	void healthIsOk() throws Exception {
		HttpResponse<String> response = get("/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("application/json");
		assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
	}

	@Test
	void logsStatesItsObjective() throws Exception {
		HttpResponse<String> response = get("/logs");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("application/json");
		assertThat(response.body()).isEqualTo("{\"objective\":\"To generate logs\"}");
	}

	@Test
	void serverErrorAnswers500WithTheOriginalBody() throws Exception {
		HttpResponse<String> response = get("/serverError");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(Http.contentType(response)).startsWith("application/json");
		assertThat(response.body()).isEqualTo("{\"error\":\" Internal server error\",\"statusCode\":500}");
	}

	@Test
	void notFoundAnswers404WithTheStatusCodeAsAString() throws Exception {
		HttpResponse<String> response = get("/notFound");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Http.contentType(response)).startsWith("application/json");
		assertThat(response.body()).isEqualTo("{\"error\":\"Not Found\",\"statusCode\":\"404\"}");
	}

	@Test
	void exampleCompletesItsAsyncTaskAsText() throws Exception {
		HttpResponse<String> response = get("/example");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("text/plain");
		assertThat(response.body()).isEqualTo("Async task completed");
	}

	@Test
	void exampleGaugeRecordsTheTaskDurationWithTheRealStatus() throws Exception {
		get("/example");
		Scrape scrape = Scrape.await(url("/metrics"), (candidate) -> candidate.has("node_gauge_example"));
		assertThat(scrape.type("node_gauge_example")).isEqualTo("gauge");
		List<Sample> gauges = scrape.samples("node_gauge_example");
		assertThat(gauges).hasSize(1);
		Sample gauge = gauges.get(0);
		assertThat(gauge.labelNames()).containsExactlyInAnyOrder("application", "method", "status");
		assertThat(gauge.label("method")).isEqualTo("GET");
		assertThat(gauge.label("status")).isEqualTo("200");
		// example-max-delay is 100 ms in the test configuration
		assertThat(gauge.value()).isBetween(0.0, 1.0);
	}

	@Test
	void crashTerminatesTheProcessWithStatus1() throws Exception {
		int before = this.terminator.statuses.size();
		get("/crash");
		assertThat(this.terminator.statuses).hasSize(before + 1).last().isEqualTo(1);
	}

	@Test
	void unknownPathsGetAProblemBody() throws Exception {
		HttpResponse<String> response = get("/no/such/route");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"status\":404")
			.contains("\"title\":\"Not Found\"")
			.doesNotContain("at org.");
	}

	@Test
	void wrongMethodGetsAProblemBody() throws Exception {
		HttpResponse<String> response = Http.send("POST", url("/healthy"));
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
	}

	@Test
	void livenessAndReadinessProbesAreUp() throws Exception {
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			HttpResponse<String> response = get(probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(response.body()).as(probe).contains("\"status\":\"UP\"");
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return Http.get(url(path));
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
