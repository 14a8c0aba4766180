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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.demoservice.TestApplication.RecordingTerminator;
import dev.o11ydemo.demoservice.addresses.ClientAddresses;
import dev.o11ydemo.testsupport.Http;

/**
 * The fault controls that change state ({@code /crash}, POST and DELETE
 * {@code /actuator/faults}) over real HTTP: with a token configured they need it from
 * everyone; without one they serve loopback clients only, and nobody on Kubernetes. A
 * refused call changes nothing: the faults stay as they were and the process is not
 * ended.
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

	/**
	 * On Kubernetes (Spring Boot's cloud platform detection, as a pod's
	 * {@code KUBERNETES_SERVICE_HOST} triggers it) with no token, every pod of the
	 * cluster is one hop away: nobody is served, loopback included.
	 */
	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "spring.main.cloud-platform=kubernetes")
	class OnKubernetesWithoutAToken extends StartedApp {

		@Test
		void refusesEveryoneLoopbackIncludedAndChangesNothing() throws Exception {
			for (String[] call : new String[][] { { "POST", "/actuator/faults" }, { "DELETE", "/actuator/faults" },
					{ "GET", "/crash" } }) {
				HttpResponse<String> response = send(this.port, call[0], call[1], null, null);
				assertThat(response.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(403);
				assertThat(response.body()).contains("urn:o11ydemo:problem:fault-controls-closed");
			}
			assertThat(this.injector.current()).isEqualTo(this.injector.defaults());
			assertThat(this.terminator.statuses).isEmpty();
			assertThat(send(this.port, "GET", "/actuator/faults", null, null).statusCode()).isEqualTo(200);
		}

	}

	/**
	 * The loopback rule on requests as the guard sees them, no network needed: what
	 * Tomcat's {@code RemoteIpValve} made of the forwarded headers
	 * ({@code getRemoteAddr()}) does not count, only the TCP peer the valve recorded; and
	 * a browser page of another site is refused even from loopback.
	 */
	@Nested
	class TheLoopbackRule {

		private final FaultControlGuard guard = new FaultControlGuard(null, false, "/actuator");

		@ParameterizedTest(name = "peer {0}")
		@ValueSource(strings = { "10.1.2.3", "192.168.7.9", "203.0.113.7", "fd00::1", "none" })
		void aPeerBeyondLoopbackIsRefusedWhateverTheRemoteAddressSays(String peer) throws Exception {
			MockHttpServletRequest request = crash(peer.equals("none") ? null : peer);
			// As RemoteIpValve leaves it after "X-Forwarded-For: 127.0.0.1".
			request.setRemoteAddr("127.0.0.1");
			assertThat(status(request)).isEqualTo(403);
		}

		@ParameterizedTest(name = "{0}: {1}")
		@CsvSource({ "X-Forwarded-For, 127.0.0.1", "X-Forwarded-For, ::1", "Forwarded, for=127.0.0.1",
				"Forwarded, for=\"[::1]\"", "X-Real-IP, 127.0.0.1", "X-Real-IP, ::1" })
		void aRequestRelayedByAProxyOnTheSameHostIsRefused(String header, String value) throws Exception {
			MockHttpServletRequest request = crash("127.0.0.1");
			// As the valve records it, before RemoteIpValve removes the header.
			request.addHeader(header, value);
			request.setAttribute(ClientAddresses.RELAYED_ATTRIBUTE, true);
			assertThat(status(request)).isEqualTo(403);
		}

		@ParameterizedTest(name = "{0}: {1}")
		@CsvSource({ "Sec-Fetch-Site, cross-site", "Sec-Fetch-Site, same-site", "Origin, https://evil.example",
				"Origin, null", "Origin, http://localhost.evil.example:3001" })
		void aBrowserPageOfAnotherSiteIsRefused(String header, String value) throws Exception {
			MockHttpServletRequest request = crash("127.0.0.1");
			request.addHeader(header, value);
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.guard.doFilter(request, response, new MockFilterChain());
			assertThat(response.getStatus()).isEqualTo(403);
			assertThat(response.getContentAsString()).contains("urn:o11ydemo:problem:fault-controls-cross-site");
		}

		@ParameterizedTest(name = "peer {0}, {1}: {2}")
		@CsvSource({ "127.0.0.1, User-Agent, curl/8", "127.0.0.2, Sec-Fetch-Site, none",
				"::1, Sec-Fetch-Site, same-origin", "127.0.0.1, Origin, http://localhost:3001",
				"127.0.0.1, Origin, http://127.0.0.1:8082", "127.0.0.1, Origin, http://[::1]:8081" })
		void aLocalClientIsServed(String peer, String header, String value) throws Exception {
			MockHttpServletRequest request = crash(peer);
			request.addHeader(header, value);
			assertThat(status(request)).isEqualTo(200);
		}

		private static MockHttpServletRequest crash(String peer) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/crash");
			request.setServletPath("/crash");
			if (peer != null) {
				request.setAttribute(ClientAddresses.PEER_ATTRIBUTE, peer);
			}
			return request;
		}

		private int status(MockHttpServletRequest request) throws Exception {
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.guard.doFilter(request, response, new MockFilterChain());
			return response.getStatus();
		}

	}

}
