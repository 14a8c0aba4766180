package dev.o11ydemo.demoservice.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.RawHttp;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.SlowClients;
import dev.o11ydemo.testsupport.SlowClients.Stall;

/**
 * Request bodies are read without holding a request thread, within a size, a time and a
 * concurrency bound, over real sockets. The service has its 64 request threads, so 200
 * stalled clients would hold them all if a thread waited on each.
 */
class RequestBodyFilterTests {

	private static final String THING = "{\"name\":\"b\",\"count\":2}";

	private static final String POST_A_THING = "POST /things HTTP/1.1\r\nHost: localhost\r\n"
			+ "Content-Type: application/json\r\nContent-Length: " + THING.length() + "\r\nConnection: close\r\n\r\n"
			+ THING;

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class WithTheDefaults {

		@LocalServerPort
		int port;

		@ParameterizedTest
		@EnumSource(Stall.class)
		void twoHundredStalledClientsLeaveProbesAndOtherClientsAnswered(Stall stall) throws Exception {
			try (SlowClients slow = SlowClients.stalled(this.port, 200, stall, "/things")) {
				assertThat(SlowClients.probe(url("/actuator/health/readiness"))).isEqualTo(200);
				assertThat(SlowClients.probe(url("/actuator/health/liveness"))).isEqualTo(200);
				assertThat(SlowClients.probe(url("/things/1"))).isEqualTo(200);
				assertThat(Http.postJson(url("/things"), "{\"name\":\"a\",\"count\":1}").statusCode()).isEqualTo(200);
			}
		}

		/**
		 * One client stalling 700 bodies holds its 32, and the rest get 429s: a 4xx,
		 * which no 5xx alert or SLO counts. Another client's body is read and answered
		 * while the flood holds, within a probe's second.
		 */
		@Test
		void aFloodOfStalledBodiesFromOneClientGets429sAndLeavesAnotherClientServed() throws Exception {
			Scrape before = Scrape.parse(Http.get(url("/metrics")).body());
			InetAddress flooder = InetAddress.getByName("127.0.0.1");
			try (SlowClients flood = SlowClients.open(flooder, this.port, 700, Stall.BODY, "/things")) {
				Scrape during = Scrape.await(url("/metrics"),
						(scrape) -> scrape.sum("http_requests_total", "status_code", "429") >= 668);
				assertThat(during.sum("http_requests_total", "status_code", "429")
						- before.sum("http_requests_total", "status_code", "429"))
					.isEqualTo(700 - 32);
				RawHttp.Answer other = RawHttp.exchange(InetAddress.getByName("127.0.0.2"), this.port, POST_A_THING,
						SlowClients.PROBE_TIMEOUT);
				assertThat(other.status()).as(other.text()).isEqualTo(200);
				Scrape after = Scrape.parse(Http.get(url("/metrics")).body());
				assertThat(after.sum("http_requests_total", "status_code", "5..")).as("seed 5xx")
					.isEqualTo(before.sum("http_requests_total", "status_code", "5.."));
				assertThat(after.sum("http_server_requests_seconds_count", "status", "5..")).as("Spring's 5xx")
					.isEqualTo(before.sum("http_server_requests_seconds_count", "status", "5.."));
			}
		}

		@Test
		void theTooManyRequestsAnswerIsAProblemWithRetryAfter() throws Exception {
			InetAddress flooder = InetAddress.getByName("127.0.0.3");
			try (SlowClients flood = SlowClients.open(flooder, this.port, 32, Stall.BODY, "/things")) {
				Thread.sleep(300);
				RawHttp.Answer refused = RawHttp.exchange(flooder, this.port, POST_A_THING);
				assertThat(refused.status()).as(refused.text()).isEqualTo(429);
				assertThat(refused.contentType()).startsWith("application/problem+json");
				assertThat(refused.text()).contains("Retry-After: 1")
					.contains("urn:o11ydemo:problem:too-many-requests");
			}
		}

		@Test
		void aBrokenChunkedBodyIsMalformed() throws Exception {
			RawHttp.Answer answer = RawHttp.exchange(this.port, "POST /things HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n");
			assertThat(answer.status()).as(answer.text()).isEqualTo(400);
			assertThat(answer.body()).contains("urn:o11ydemo:problem:malformed-body");
		}

		@Test
		void aChunkedBodyIsReadWhole() throws Exception {
			String body = "{\"name\":\"chunked\",\"count\":3}";
			RawHttp.Answer answer = RawHttp.exchange(this.port, "POST /things HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
					+ "5\r\n" + body.substring(0, 5) + "\r\n" + Integer.toHexString(body.length() - 5) + "\r\n"
					+ body.substring(5) + "\r\n0\r\n\r\n");
			assertThat(answer.status()).as(answer.text()).isEqualTo(200);
			assertThat(answer.body()).contains("\"name\":\"chunked\"");
		}

		private String url(String path) {
			return Http.loopback(this.port, path);
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "demo.request-body-timeout=1s", "demo.max-concurrent-body-reads=2" })
	class WithTightBounds {

		@LocalServerPort
		int port;

		@Test
		void aBodyThatDoesNotArriveInTimeGets408AndTheConnectionCloses() throws Exception {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
				socket.setSoTimeout(10_000);
				socket.getOutputStream()
					.write(("POST /things HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 50\r\n\r\n{\"name\"")
						.getBytes(StandardCharsets.US_ASCII));
				String answer = readUntilClosed(socket.getInputStream());
				assertThat(answer).startsWith("HTTP/1.1 408")
					.contains("application/problem+json")
					.contains("urn:o11ydemo:problem:body-timeout");
			}
			// A refused body is still a request the metrics count, with the status it
			// got.
			assertThat(Scrape
				.await(Http.loopback(this.port, "/metrics"),
						(scrape) -> scrape.has("http_requests_total", "method", "POST", "status_code", "408"))
				.has("http_requests_total", "method", "POST", "status_code", "408")).isTrue();
		}

		@Test
		void bodiesBeyondTheConcurrencyBoundGet503WithRetryAfter() throws Exception {
			try (SlowClients slow = SlowClients.open(this.port, 2, Stall.BODY, "/things")) {
				Thread.sleep(300);
				HttpResponse<String> response = Http.postJson(Http.loopback(this.port, "/things"),
						"{\"name\":\"a\",\"count\":1}");
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
				assertThat(response.body()).contains("urn:o11ydemo:problem:too-many-request-bodies");
			}
			// The stalled reads ended (408 after the timeout) and gave their places back.
			Thread.sleep(1500);
			assertThat(Http.postJson(Http.loopback(this.port, "/things"), "{\"name\":\"a\",\"count\":1}").statusCode())
				.isEqualTo(200);
		}

		@Test
		void aBodyReadThatCannotStartGivesItsPlacesBack() throws Exception {
			RequestBodyFilter filter = new RequestBodyFilter(1024, Duration.ofSeconds(1), 1, 1);
			for (int attempt = 0; attempt < 3; attempt++) {
				// A mock request without async support: startAsync throws, as a
				// container would for a filter chain not marked async.
				MockHttpServletRequest request = new MockHttpServletRequest("POST", "/things");
				request.setContent("{}".getBytes(StandardCharsets.UTF_8));
				request.setAsyncSupported(false);
				MockHttpServletResponse response = new MockHttpServletResponse();
				assertThatIllegalStateException().as("attempt %d reaches startAsync, not a 429 or 503", attempt)
					.isThrownBy(() -> filter.doFilter(request, response, new MockFilterChain()));
				assertThat(filter.readsInProgress(request.getRemoteAddr())).isZero();
			}
		}

		private static String readUntilClosed(InputStream in) throws Exception {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			for (int n; (n = in.read(buffer)) != -1;) {
				out.write(buffer, 0, n);
			}
			return out.toString(StandardCharsets.ISO_8859_1);
		}

	}

}
