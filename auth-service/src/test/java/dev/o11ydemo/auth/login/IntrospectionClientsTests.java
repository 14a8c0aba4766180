package dev.o11ydemo.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.testsupport.Http;

/**
 * Token introspection authenticates its callers (RFC 7662 §2.1), over real HTTP: with a
 * secret, only the listed client services that send it; without one, only callers on this
 * host, and nobody on Kubernetes.
 */
class IntrospectionClientsTests {

	static final String SECRET = "introspection-test-secret";

	private static final HttpClient client = HttpClient.newHttpClient();

	static HttpResponse<String> introspect(int port, String authorization, String forwardedFor) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.loopback(port, "/login/introspect")))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"a.b.c\"}"));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String basic(String id, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	static void assertRefused(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
		assertThat(response.body()).contains("urn:o11ydemo:problem:client-authentication-required");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"introspection\"");
	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "auth.introspection.client-secret=" + SECRET)
	class WithASecret {

		@LocalServerPort
		int port;

		@ParameterizedTest
		@ValueSource(strings = { "none", "wrong-secret", "unknown-client", "no-colon", "not-base64", "bearer" })
		void refusesCallersWithoutTheCredential(String kind) throws Exception {
			String authorization = switch (kind) {
				case "none" -> null;
				case "wrong-secret" -> basic("order-service", "not-the-secret-at-all");
				case "unknown-client" -> basic("service-a", SECRET);
				case "no-colon" ->
					"Basic " + Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
				case "not-base64" -> "Basic %%%";
				default -> "Bearer " + SECRET;
			};
			assertRefused(introspect(this.port, authorization, null));
		}

		@Test
		void servesTheClientServicesWithTheSecret() throws Exception {
			for (String id : new String[] { "order-service", "payment-service" }) {
				HttpResponse<String> response = introspect(this.port, basic(id, SECRET), null);
				assertThat(response.statusCode()).as(id).isEqualTo(200);
				assertThat(response.body()).isEqualTo("{\"active\":false}");
			}
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	class WithoutASecret {

		@LocalServerPort
		int port;

		@Test
		void servesCallersOnThisHost() throws Exception {
			assertThat(introspect(this.port, null, null).statusCode()).isEqualTo(200);
		}

		@Test
		void refusesARequestRelayedByAProxy() throws Exception {
			assertRefused(introspect(this.port, null, "198.51.100.9"));
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.cloud-platform=kubernetes")
	class OnKubernetesWithoutASecret {

		@LocalServerPort
		int port;

		@Test
		void refusesEveryoneLoopbackIncluded() throws Exception {
			assertRefused(introspect(this.port, null, null));
		}

	}

}
