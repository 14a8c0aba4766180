package dev.o11ydemo.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP as the suite's clients use it: JSON bodies, bearer tokens from auth-service,
 * Idempotency-Keys.
 */
final class SuiteClient {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private SuiteClient() {
	}

	/** Logs the demo user in at {@code auth} and returns the access token. */
	static String login(ServiceProcess auth) throws IOException, InterruptedException {
		HttpResponse<String> response = post(auth.url("/login"), "{\"username\":\"demo\",\"password\":\"demo\"}", null,
				null);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("login failed: " + response.body());
		}
		return json.readTree(response.body()).path("access_token").asString();
	}

	/** POSTs JSON, with a bearer token and an Idempotency-Key when they are not null. */
	static HttpResponse<String> post(String url, String body, String token, String idempotencyKey)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
