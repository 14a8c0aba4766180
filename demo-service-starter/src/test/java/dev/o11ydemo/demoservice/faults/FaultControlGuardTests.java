package dev.o11ydemo.demoservice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.demoservice.TestApplication.RecordingTerminator;
import dev.o11ydemo.testsupport.Http;

/**
 * The fault controls that change state ({@code /crash}, POST and DELETE
 * {@code /actuator/faults}) over real HTTP: with a token configured they need it from
 * everyone; without one they serve loopback clients only. A refused call changes nothing:
 * the faults stay as they were and the process is not ended.
 */
class FaultControlGuardTests {

	static final String TOKEN = "test-fault-token-0123456789";

	private static final HttpClient client = HttpClient.newHttpClient();

	static HttpResponse<String> send(int port, String method, String path, String authorization, String forwardedFor)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.loopback(port, path)))
			.timeout(Duration.ofSeconds(10))
			.method(method,
					method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"failureRatio\":1.0}")
							: HttpRequest.BodyPublishers.noBody())
			.header("Content-Type", "application/json");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A started test application, its faults at the defaults and nothing terminated
	 * before each test.
	 */
	abstract static class StartedApp {

		@LocalServerPort
		int port;

		@Autowired
		FaultInjector injector;

		@Autowired
		RecordingTerminator terminator;

		@BeforeEach
		void reset() {
			this.injector.reset();
			this.terminator.statuses.clear();
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "demo.fault-routes.token=" + TOKEN)
	class WithAToken extends StartedApp {

		@ParameterizedTest(name = "{0}")
		@ValueSource(strings = { "none", "Bearer wrong-token-0123456789", "Basic dGVzdDp0ZXN0", "Bearer" })
		void refusesEveryoneWithoutTheTokenAndChangesNothing(String authorization) throws Exception {
			String header = authorization.equals("none") ? null : authorization;
			for (String[] call : new String[][] { { "POST", "/actuator/faults" }, { "DELETE", "/actuator/faults" },
					{ "GET", "/crash" } }) {
				HttpResponse<String> response = send(this.port, call[0], call[1], header, null);
				assertThat(response.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(401);
				assertThat(Http.contentType(response)).startsWith("application/problem+json");
				assertThat(response.body()).contains("urn:o11ydemo:problem:fault-token-required");
				assertThat(response.headers().firstValue("WWW-Authenticate"))
					.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
			}
			assertThat(this.injector.current()).isEqualTo(this.injector.defaults());
			assertThat(this.terminator.statuses).isEmpty();
		}

		@ParameterizedTest(name = "{0}")
		@ValueSource(strings = { "/cr%61sh", "/crash;jsessionid=1", "/actuator/faults;x=1", "/actuator/f%61ults" })
		void refusesTheControlsUnderAnyPathSpellingTheRoutesMatch(String path) throws Exception {
			String method = path.startsWith("/actuator") ? "POST" : "GET";
			assertThat(send(this.port, method, path, null, null).statusCode()).isEqualTo(401);
			assertThat(this.injector.current()).isEqualTo(this.injector.defaults());
			assertThat(this.terminator.statuses).isEmpty();
		}

		@Test
		void servesTheControlsWithTheToken() throws Exception {
			String bearer = "Bearer " + TOKEN;
			assertThat(send(this.port, "POST", "/actuator/faults", bearer, null).statusCode()).isEqualTo(200);
			assertThat(this.injector.current().failureRatio()).isEqualTo(1.0);
			assertThat(send(this.port, "DELETE", "/actuator/faults", bearer, null).statusCode()).isEqualTo(200);
			assertThat(this.injector.current()).isEqualTo(this.injector.defaults());
			send(this.port, "GET", "/crash", bearer, null);
			assertThat(this.terminator.statuses).containsExactly(1);
		}

		@Test
		void readOnlyControlsAndDemoRoutesStayOpen() throws Exception {
			assertThat(send(this.port, "GET", "/actuator/faults", null, null).statusCode()).isEqualTo(200);
			assertThat(send(this.port, "GET", "/serverError", null, null).statusCode()).isEqualTo(500);
			assertThat(send(this.port, "GET", "/notFound", null, null).statusCode()).isEqualTo(404);
			assertThat(send(this.port, "GET", "/example", null, null).statusCode()).isEqualTo(200);
		}

	}

	/**
	 * No token, behind a proxy: Tomcat takes the client's address from
	 * {@code X-Forwarded-For} (as it does on Kubernetes, where Spring Boot trusts
	 * forwarded headers by default), so a request from loopback can stand for a client
	 * anywhere.
	 */
	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "server.forward-headers-strategy=native")
	class WithoutAToken extends StartedApp {

		@Test
		void refusesClientsBeyondLoopbackAndChangesNothing() throws Exception {
			for (String[] call : new String[][] { { "POST", "/actuator/faults" }, { "DELETE", "/actuator/faults" },
					{ "GET", "/crash" } }) {
				HttpResponse<String> response = send(this.port, call[0], call[1], "Bearer anything-at-all-here",
						"203.0.113.7");
				assertThat(response.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(403);
				assertThat(Http.contentType(response)).startsWith("application/problem+json");
				assertThat(response.body()).contains("urn:o11ydemo:problem:fault-controls-loopback-only");
			}
			assertThat(this.injector.current()).isEqualTo(this.injector.defaults());
			assertThat(this.terminator.statuses).isEmpty();
		}

		@Test
		void aForwardedNameIsNotTakenForLoopback() throws Exception {
			assertThat(send(this.port, "GET", "/crash", null, "localhost").statusCode()).isEqualTo(403);
			assertThat(this.terminator.statuses).isEmpty();
		}

		@Test
		void servesLoopbackClientsWithoutSetup() throws Exception {
			assertThat(send(this.port, "POST", "/actuator/faults", null, null).statusCode()).isEqualTo(200);
			assertThat(this.injector.current().failureRatio()).isEqualTo(1.0);
			assertThat(send(this.port, "DELETE", "/actuator/faults", null, null).statusCode()).isEqualTo(200);
			send(this.port, "GET", "/crash", null, null);
			assertThat(this.terminator.statuses).containsExactly(1);
		}

	}

}
