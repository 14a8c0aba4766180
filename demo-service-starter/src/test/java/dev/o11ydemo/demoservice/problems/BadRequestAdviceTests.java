package dev.o11ydemo.demoservice.problems;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.testsupport.Http;

/**
 * Bad input to any service gets a 4xx RFC 9457 problem with a stable type, never a 500 or
 * a stack trace. The test application accepts bodies up to 1KB.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BadRequestAdviceTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void validBodyIsAccepted() throws Exception {
		HttpResponse<String> response = Http.postJson(url(), "{\"name\":\"a\",\"count\":2}");
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void malformedJsonIs400() throws Exception {
		JsonNode problem = problem(Http.postJson(url(), "{\"name\": \"a\", "), 400);
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:malformed-body");
		assertThat(problem.path("title").asString()).isEqualTo("Malformed request body");
	}

	@Test
	void emptyBodyIs400() throws Exception {
		JsonNode problem = problem(Http.postJson(url(), ""), 400);
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:malformed-body");
	}

	@Test
	void wrongTypedFieldIs400NamingTheField() throws Exception {
		JsonNode problem = problem(Http.postJson(url(), "{\"name\":\"a\",\"count\":\"many\"}"), 400);
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:invalid-request");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("count");
	}

	@Test
	void missingAndInvalidFieldsAre400NamingEachField() throws Exception {
		JsonNode problem = problem(Http.postJson(url(), "{\"count\":0}"), 400);
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:invalid-request");
		assertThat(problem.path("title").asString()).isEqualTo("Invalid request");
		assertThat(problem.path("errors").valueStream().map((error) -> error.path("field").asString()))
			.containsExactlyInAnyOrder("name", "count");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"number as a string   | {\"name\":\"a\",\"count\":\"2\"}      | count | has the wrong type",
			"fraction for integer | {\"name\":\"a\",\"count\":2.5}        | count | has the wrong type",
			"number as text       | {\"name\":5,\"count\":2}            | name  | has the wrong type",
			"fraction as text     | {\"name\":5.5,\"count\":2}          | name  | has the wrong type",
			"boolean as text      | {\"name\":true,\"count\":2}         | name  | has the wrong type",
			"NUL in text          | {\"name\":\"a\\u0000b\",\"count\":2} | name  | contains a NUL character or an unpaired surrogate",
			"unpaired surrogate   | {\"name\":\"a\\ud800\",\"count\":2}  | name  | contains a NUL character or an unpaired surrogate" })
	void inputIsNeverCoercedOrSilentlyChanged(String label, String body, String field, String message)
			throws Exception {
		JsonNode problem = problem(Http.postJson(url(), body), 400);
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:invalid-request");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo(message);
	}

	@Test
	void aKeyGivenTwiceIsMalformed() throws Exception {
		JsonNode problem = problem(Http.postJson(url(), "{\"name\":\"a\",\"count\":1,\"count\":900}"), 400);
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:malformed-body");
	}

	@Test
	void textOutsideTheBasicPlaneIsKept() throws Exception {
		HttpResponse<String> response = Http.postJson(url(), "{\"name\":\"\\ud83d\\ude80 caf\u00e9\",\"count\":2}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).path("name").asString()).isEqualTo("\ud83d\ude80 caf\u00e9");
	}

	@Test
	void wrongContentTypeIs415() throws Exception {
		problem(Http.send("POST", url(), "text/plain", "name=a"), 415);
	}

	@Test
	void oversizedBodyIs413() throws Exception {
		String big = "{\"name\":\"" + "x".repeat(2048) + "\",\"count\":1}";
		JsonNode problem = problem(Http.postJson(url(), big), 413);
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:body-too-large");
	}

	@Test
	void oversizedChunkedBodyIs413() throws Exception {
		String big = "{\"name\":\"" + "x".repeat(4096) + "\",\"count\":1}";
		// No Content-Length: the limit must hold while reading.
		HttpRequest request = HttpRequest.newBuilder(URI.create(url()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		JsonNode problem = problem(response, 413);
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:body-too-large");
	}

	private static JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception", "tools.jackson", "\tat ");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isNotBlank();
		return problem;
	}

	private String url() {
		return Http.loopback(this.port, "/things");
	}

}
