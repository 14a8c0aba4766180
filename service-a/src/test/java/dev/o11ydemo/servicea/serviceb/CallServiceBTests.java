package dev.o11ydemo.servicea.serviceb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.StubService;
import dev.o11ydemo.testsupport.StubService.Mode;

/**
 * service-a's real Feign client against a stub service-b on loopback: the greeting, and a
 * fast 500 whatever way service-b fails. The timeouts are shortened here; the defaults (2
 * s connect, 5 s read) are in application.yml.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CallServiceBTests {

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

	private static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

	/**
	 * Scheduling slack on a loaded 2-core machine; the point is that nothing waits
	 * anywhere near unbounded.
	 */
	private static final Duration SLACK = Duration.ofMillis(1500);

	/** How long a caller waits for a pooled connection here: well below {@link #HOLD}. */
	private static final Duration POOL_WAIT = Duration.ofMillis(500);

	/**
	 * How long service-b holds the requests of a burst while it waits for all of them:
	 * longer than {@link #POOL_WAIT}, shorter than {@link #READ_TIMEOUT}.
	 */
	private static final Duration HOLD = Duration.ofMillis(1000);

	/**
	 * While set, service-b answers once this many requests are in flight, or after
	 * {@link #HOLD}.
	 */
	private static volatile CountDownLatch burst;

	/**
	 * Closes every connection on each switch, so no pooled connection of service-a's
	 * client outlives it.
	 */
	private static final StubService serviceB = StubService.start((request) -> {
		CountDownLatch latch = burst;
		if (latch != null) {
			latch.countDown();
			try {
				latch.await(HOLD.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return StubService.Response.text(200, "Hello from Service B!");
	});

	@LocalServerPort
	int port;

	@Value("${server.tomcat.threads.max}")
	int requestThreads;

	@DynamicPropertySource
	static void serviceB(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.openfeign.client.config.service-b.url", serviceB::url);
		registry.add("spring.cloud.openfeign.client.config.service-b.connect-timeout", CONNECT_TIMEOUT::toMillis);
		registry.add("spring.cloud.openfeign.client.config.service-b.read-timeout", READ_TIMEOUT::toMillis);
		registry.add("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout", POOL_WAIT::toMillis);
		registry.add("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout-unit", () -> "milliseconds");
	}

	@AfterEach
	void restore() throws Exception {
		burst = null;
		serviceB.switchTo(Mode.OK);
	}

	@AfterAll
	static void stop() throws Exception {
		serviceB.close();
	}

	@Test
	void showsServiceBsGreetingAsTheOriginalHtml() throws Exception {
		HttpResponse<String> response = call();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("text/html");
		assertThat(response.body())
			.isEqualTo("<h1 style=\"font-size: 100px\">Service B says: Hello from Service B!<h1>");
	}

	@Test
	void asManyConcurrentCallsAsRequestThreadsNeverWaitForAPooledConnection() throws Exception {
		int threads = this.requestThreads;
		burst = new CountDownLatch(threads);
		List<Future<HttpResponse<String>>> calls = new ArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		try {
			for (int i = 0; i < threads; i++) {
				calls.add(callers.submit(this::call));
			}
			for (Future<HttpResponse<String>> call : calls) {
				HttpResponse<String> response = call.get();
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			}
		}
		finally {
			callers.shutdownNow();
		}
		// Every call of the burst reached service-b.
		assertThat(burst.getCount()).isZero();
	}

	@Test
	void answers500WhenServiceBFails() throws Exception {
		serviceB.switchTo(Mode.ERROR);
		HttpResponse<String> response = call();
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(Http.contentType(response)).startsWith("text/html");
		assertThat(response.body()).isEqualTo("Error communicating with Service B");
	}

	@Test
	void answers500WithinTheReadTimeoutWhenServiceBNeverAnswers() throws Exception {
		serviceB.switchTo(Mode.HANG);
		long start = System.nanoTime();
		HttpResponse<String> response = call();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).isEqualTo("Error communicating with Service B");
		assertThat(elapsed).isGreaterThanOrEqualTo(READ_TIMEOUT.minusMillis(100)).isLessThan(READ_TIMEOUT.plus(SLACK));
	}

	@Test
	void answers500AtOnceWhenServiceBsPortIsClosed() throws Exception {
		serviceB.switchTo(Mode.DOWN);
		long start = System.nanoTime();
		HttpResponse<String> response = call();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).isEqualTo("Error communicating with Service B");
		assertThat(elapsed).isLessThan(CONNECT_TIMEOUT);
	}

	@Test
	void answers500WithinTheConnectTimeoutWhenServiceBCannotAcceptConnections() throws Exception {
		serviceB.switchTo(Mode.BACKLOG_FULL);
		long start = System.nanoTime();
		HttpResponse<String> response = call();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(elapsed).isGreaterThanOrEqualTo(CONNECT_TIMEOUT.minusMillis(100))
			.isLessThan(CONNECT_TIMEOUT.plus(SLACK));
	}

	@Test
	void failedCallsCountAs500sOfTheRoute() throws Exception {
		serviceB.switchTo(Mode.ERROR);
		call();
		Scrape scrape = Scrape.await(url("/metrics"),
				(candidate) -> candidate.has("http_requests_total", "path", "/call-service-b", "status_code", "500"));
		assertThat(scrape.samples("http_requests_total")).anySatisfy((sample) -> {
			assertThat(sample.label("path")).isEqualTo("/call-service-b");
			assertThat(sample.label("status_code")).isEqualTo("500");
		});
	}

	private HttpResponse<String> call() throws Exception {
		return Http.get(url("/call-service-b"));
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
