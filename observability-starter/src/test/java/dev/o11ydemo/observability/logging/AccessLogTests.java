package dev.o11ydemo.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.observability.TestApplication;
import dev.o11ydemo.testsupport.Http;

/**
 * Logs are one JSON object per line on stdout, with the fields log shippers and
 * dashboards rely on, and one access line per request.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class AccessLogTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void everyRequestWritesOneStructuredAccessLine(CapturedOutput output) throws Exception {
		Http.get(Http.loopback(this.port, "/things/7?secret=x"));
		List<JsonNode> lines = awaitAccessLines(output, "/things/{id}", 1);
		assertThat(lines).hasSize(1);
		JsonNode line = lines.get(0);
		assertThat(line.get("method").asString()).isEqualTo("GET");
		assertThat(line.get("status").asInt()).isEqualTo(200);
		assertThat(line.get("duration_ms").isIntegralNumber()).isTrue();
		assertThat(line.get("message").asString())
			.isEqualTo("GET /things/{id} 200 " + line.get("duration_ms").asLong() + "ms");
	}

	@Test
	void jsonLinesCarryTimestampLevelLoggerMessageAndService(CapturedOutput output) throws Exception {
		Http.get(Http.loopback(this.port, "/logs"));
		List<JsonNode> generated = jsonLines(output).stream()
			.filter((line) -> line.path("message").asString().startsWith("Generating logs"))
			.toList();
		assertThat(generated).hasSize(3);
		JsonNode line = generated.get(0);
		assertThat(line.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(line.get("level").asString()).isEqualTo("INFO");
		assertThat(line.get("logger").asString()).endsWith("ThingsController");
		assertThat(line.get("service").asString()).isEqualTo("test-service");
		assertThat(line.has("@version")).isFalse();
		assertThat(line.has("SERVICE_NAME")).as("logback context properties stay out of the lines").isFalse();
	}

	@Test
	void aScanOfUnknownPathsAddsOnlyAccessLines(CapturedOutput output) throws Exception {
		Http.get(Http.loopback(this.port, "/wp-admin/setup.php"));
		assertThat(awaitAccessLines(output, "UNMATCHED", 1)).hasSize(1);
		assertThat(jsonLines(output)).noneMatch((line) -> line.path("level").asString().equals("WARN"));
	}

	/**
	 * The access line is written as the request's observation stops, which can be just
	 * after the client has its response: wait for it, within bounds.
	 */
	static List<JsonNode> awaitAccessLines(CapturedOutput output, String route, int count) throws InterruptedException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		List<JsonNode> lines = accessLines(output, route);
		while (lines.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
			lines = accessLines(output, route);
		}
		return lines;
	}

	static List<JsonNode> accessLines(CapturedOutput output, String route) {
		return jsonLines(output).stream()
			.filter((line) -> AccessLog.LOGGER_NAME.equals(line.path("logger").asString()))
			.filter((line) -> route.equals(line.path("route").asString()))
			.toList();
	}

	static List<JsonNode> jsonLines(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.startsWith("{")).map(json::readTree).toList();
	}

}
