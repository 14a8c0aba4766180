package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What can only be seen from outside the JVM: /crash really ends the process with status
 * 1, and the environment variables documented in docs/configuration.md switch the fault
 * routes off and the logs to plain text.
 */
class ProcessLifecycleTests {

	private static void awaitLine(ServiceProcess service, String text) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (service.lines().stream().noneMatch((line) -> line.contains(text)) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	@Test
	void crashExitsTheProcessWithStatus1() throws Exception {
		try (ServiceProcess service = ServiceProcess.start("service-b", "crash-service-b", Map.of())) {
			try {
				service.get("/crash");
			}
			catch (IOException ex) {
				// The process dies mid-request: no response is the expected outcome.
			}
			assertThat(service.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
			assertThat(service.jsonLines()).anySatisfy((line) -> {
				assertThat(line.path("level").asString()).isEqualTo("ERROR");
				assertThat(line.path("message").asString()).contains("/crash");
			});
		}
	}

	@Test
	void environmentSwitchesFaultRoutesOffAndLogsToPlainText() throws Exception {
		Map<String, String> environment = Map.of("DEMO_FAULTROUTES_ENABLED", "false", "OBSERVABILITY_LOGGING_FORMAT",
				"plain");
		try (ServiceProcess service = ServiceProcess.start("service-a", "faults-off-service-a", environment)) {
			for (String route : new String[] { "/crash", "/serverError", "/notFound", "/example" }) {
				HttpResponse<String> response = service.get(route);
				assertThat(response.statusCode()).as(route).isEqualTo(404);
				assertThat(response.headers().firstValue("Content-Type").orElse("")).as(route)
					.startsWith("application/problem+json");
			}
			assertThat(service.isAlive()).isTrue();
			assertThat(service.get("/healthy").statusCode()).isEqualTo(200);
			awaitLine(service, "GET /healthy 200");
			assertThat(service.lines())
				.anySatisfy((line) -> assertThat(line).contains("http.access").contains("GET UNMATCHED 404"))
				.noneSatisfy((line) -> assertThat(line).startsWith("{"));
		}
	}

}
