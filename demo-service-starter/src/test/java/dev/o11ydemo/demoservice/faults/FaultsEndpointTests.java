package dev.o11ydemo.demoservice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.testsupport.Http;

/**
 * Faults are changed at runtime over HTTP, hit the service's own routes, spare probes and
 * metrics, and reset to the defaults.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class FaultsEndpointTests {

	@LocalServerPort
	int port;

	@AfterEach
	void reset() throws Exception {
		Http.send("DELETE", url("/actuator/faults"));
	}

	@Test
	void showsTheCurrentSettings() throws Exception {
		HttpResponse<String> response = Http.get(url("/actuator/faults"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"latency\":\"0ms\"").contains("\"failureRatio\":0.0");
	}

	@Test
	void failureRatioOneFailsEveryRequestWithAProblem() throws Exception {
		assertThat(change("{\"failureRatio\":1.0}").statusCode()).isEqualTo(200);
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = Http.get(url("/things/" + i));
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(Http.contentType(response)).startsWith("application/problem+json");
			assertThat(response.body()).contains("urn:o11ydemo:problem:injected-fault");
		}
	}

	@Test
	void probesMetricsAndTheControlsThemselvesAreSpared() throws Exception {
		change("{\"failureRatio\":1.0,\"latency\":\"1s\"}");
		long start = System.nanoTime();
		assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/metrics")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/healthy")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/actuator/faults")).statusCode()).isEqualTo(200);
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
	}

	@Test
	void latencyDelaysRequests() throws Exception {
		change("{\"latency\":\"400ms\"}");
		long start = System.nanoTime();
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);
		assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
	}

	@Test
	void resetRestoresTheDefaults() throws Exception {
		change("{\"failureRatio\":1.0}");
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(500);
		HttpResponse<String> reset = Http.send("DELETE", url("/actuator/faults"));
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);
	}

	@Test
	void outOfRangeSettingsAreRejectedWith400() throws Exception {
		assertThat(change("{\"failureRatio\":1.5}").statusCode()).isEqualTo(400);
		assertThat(change("{\"latency\":\"soon\"}").statusCode()).isEqualTo(400);
		assertThat(change("{\"latency\":\"2h\"}").statusCode()).isEqualTo(400);
		assertThat(change("{}").statusCode()).isEqualTo(400);
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> change(String body) throws Exception {
		return Http.postJson(url("/actuator/faults"), body);
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
