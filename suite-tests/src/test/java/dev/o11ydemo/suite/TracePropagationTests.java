package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.Scrape.Sample;

/**
 * service-a and the real service-b as separate processes with the real OpenTelemetry
 * agent attached: one request to /call-service-b is one trace, visible in both services'
 * logs and in service-a's exemplars.
 */
class TracePropagationTests {

	private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0,text/plain;q=0.5";

	private static ServiceProcess serviceB;

	private static ServiceProcess serviceA;

	@BeforeAll
	static void start() throws Exception {
		serviceB = ServiceProcess.start("service-b", "trace-service-b", Map.of());
		serviceA = ServiceProcess.start("service-a", "trace-service-a", Map.of("SERVICE_B_URI", serviceB.url("")));
	}

	@AfterAll
	static void stop() throws Exception {
		if (serviceA != null) {
			serviceA.close();
		}
		if (serviceB != null) {
			serviceB.close();
		}
	}

	@Test
	void serviceAShowsTheRealServiceBsGreeting() throws Exception {
		HttpResponse<String> response = serviceA.get("/call-service-b");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("text/html");
		assertThat(response.body())
			.isEqualTo("<h1 style=\"font-size: 100px\">Service B says: Hello from Service B!<h1>");
	}

	@Test
	void bothServicesLogTheSameTraceIdForOneRequest() throws Exception {
		int before = serviceA.accessLines("/call-service-b").size();
		assertThat(serviceA.get("/call-service-b").statusCode()).isEqualTo(200);
		assertThat(serviceA.get("/call-service-b").statusCode()).isEqualTo(200);
		List<JsonNode> aLines = serviceA.awaitAccessLines("/call-service-b", before + 2);
		assertThat(aLines).hasSize(before + 2);
		String first = aLines.get(before).path("trace_id").asString();
		String second = aLines.get(before + 1).path("trace_id").asString();
		assertThat(first).matches("[0-9a-f]{32}");
		assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
		List<JsonNode> bLines = serviceB.awaitAccessLines("/hello", 2);
		for (String traceId : List.of(first, second)) {
			List<JsonNode> matching = bLines.stream()
				.filter((line) -> traceId.equals(line.path("trace_id").asString()))
				.toList();
			assertThat(matching).as("service-b lines of trace %s", traceId).hasSize(1);
			JsonNode aLine = aLines.stream()
				.filter((line) -> traceId.equals(line.path("trace_id").asString()))
				.findFirst()
				.orElseThrow();
			assertThat(matching.get(0).path("span_id").asString()).matches("[0-9a-f]{16}")
				.isNotEqualTo(aLine.path("span_id").asString());
			assertThat(matching.get(0).path("service").asString()).isEqualTo("service-b");
			assertThat(aLine.path("service").asString()).isEqualTo("service-a");
		}
	}

	@Test
	void exemplarsCarryTheAgentsTraceIds() throws Exception {
		List<Sample> withExemplar = List.of();
		// Exemplars are sampled at most every 90 ms per series; keep calling until one is
		// taken.
		for (int attempt = 0; attempt < 50 && withExemplar.isEmpty(); attempt++) {
			serviceA.get("/call-service-b");
			Thread.sleep(100);
			Set<String> loggedTraceIds = new HashSet<>();
			serviceA.accessLines("/call-service-b")
				.forEach((line) -> loggedTraceIds.add(line.path("trace_id").asString()));
			Scrape scrape = Scrape.parse(Http.get(serviceA.url("/metrics"), OPENMETRICS).body());
			withExemplar = scrape.samples("http_request_duration_seconds_bucket")
				.stream()
				.filter((sample) -> "/call-service-b".equals(sample.label("path")))
				.filter((sample) -> loggedTraceIds.contains(sample.exemplar().get("trace_id")))
				.toList();
		}
		assertThat(withExemplar).isNotEmpty();
	}

	@Test
	void everyApplicationLogLineIsJson() throws Exception {
		serviceA.get("/logs");
		serviceA.awaitAccessLines("/logs", 1);
		List<String> applicationLines = serviceA.lines().stream().filter((line) -> !line.isBlank()).toList();
		assertThat(applicationLines).isNotEmpty().allSatisfy((line) -> assertThat(line).startsWith("{").endsWith("}"));
		assertThat(serviceA.jsonLines())
			.filteredOn((line) -> line.path("message").asString().startsWith("Generating logs"))
			.hasSize(3)
			.allSatisfy((line) -> assertThat(line.path("trace_id").asString()).matches("[0-9a-f]{32}"));
	}

}
