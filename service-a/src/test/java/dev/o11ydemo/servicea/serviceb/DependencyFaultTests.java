package dev.o11ydemo.servicea.serviceb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.StubService;

/**
 * A dependency fault set through {@code /actuator/faults} touches only service-a's calls
 * to service-b, as service-a sees them: slower, or failing as if service-b had answered
 * 503, while service-a's other routes answer as before.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DependencyFaultTests {

	private static final Duration INJECTED = Duration.ofMillis(1500);

	private static final AtomicInteger calls = new AtomicInteger();

	private static final StubService serviceB = StubService.start((request) -> {
		calls.incrementAndGet();
		return StubService.Response.text(200, "Hello from Service B!");
	});

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void serviceB(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.openfeign.client.config.service-b.url", serviceB::url);
	}

	@AfterEach
	void reset() throws Exception {
		Http.send("DELETE", url("/actuator/faults"));
	}

	@AfterAll
	static void stop() {
		serviceB.close();
	}

	@Test
	void latencyOnTheCallToServiceBSlowsOnlyThatCall() throws Exception {
		HttpResponse<String> set = Http.postJson(url("/actuator/faults"),
				"{\"dependency\":\"service-b\",\"dependencyLatency\":\"" + INJECTED.toMillis() + "ms\"}");
		assertThat(set.statusCode()).isEqualTo(200);
		assertThat(set.body()).contains("\"dependency_latency\"").contains("\"knownDependencies\":[\"service-b\"]");

		long start = System.nanoTime();
		HttpResponse<String> slowed = Http.get(url("/call-service-b"));
		long callMillis = (System.nanoTime() - start) / 1_000_000;
		assertThat(slowed.statusCode()).isEqualTo(200);
		assertThat(callMillis).isGreaterThanOrEqualTo(INJECTED.toMillis());

		start = System.nanoTime();
		assertThat(Http.get(url("/")).statusCode()).isEqualTo(200);
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(INJECTED.toMillis());
	}

	@Test
	void failuresOnTheCallToServiceBFailItWithoutReachingServiceB() throws Exception {
		assertThat(
				Http.postJson(url("/actuator/faults"), "{\"dependency\":\"service-b\",\"dependencyFailureRatio\":1.0}")
					.statusCode())
			.isEqualTo(200);
		int before = calls.get();
		HttpResponse<String> failed = Http.get(url("/call-service-b"));
		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(failed.body()).isEqualTo("Error communicating with Service B");
		assertThat(calls.get()).isEqualTo(before);
		assertThat(Http.get(url("/")).statusCode()).isEqualTo(200);

		Http.send("DELETE", url("/actuator/faults"));
		assertThat(Http.get(url("/call-service-b")).statusCode()).isEqualTo(200);
		assertThat(calls.get()).isEqualTo(before + 1);
	}

	@Test
	void aServiceItDoesNotCallCannotBeFaulted() throws Exception {
		HttpResponse<String> refused = Http.postJson(url("/actuator/faults"),
				"{\"dependency\":\"payment-service\",\"dependencyFailureRatio\":1.0}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("service-b");
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
