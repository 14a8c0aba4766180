package dev.o11ydemo.suite;

import java.io.IOException;
import java.net.http.HttpResponse;

import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.testsupport.Http;

/**
 * A user of the suite: logs in at auth-service for a bearer token, which
 * {@link Http#postJson(String, String, String, String)} then sends.
 */
final class SuiteClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private SuiteClient() {
	}

	/** Logs the demo user in at {@code auth} and returns the access token. */
	static String login(ServiceProcess auth) throws IOException, InterruptedException {
		HttpResponse<String> response = Http.postJson(auth.url("/login"),
				"{\"username\":\"demo\",\"password\":\"demo\"}");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("login failed: " + response.body());
		}
		return json.readTree(response.body()).path("access_token").asString();
	}

}
