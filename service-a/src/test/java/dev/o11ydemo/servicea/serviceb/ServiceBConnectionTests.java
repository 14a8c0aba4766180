package dev.o11ydemo.servicea.serviceb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o11ydemo.testsupport.Http;

/**
 * service-a keeps a pool of keep-alive connections to service-b: overlapping calls reuse
 * them instead of opening a TCP connection each, and a restart of service-b costs no
 * failed call. The JDK's default HttpURLConnection keeps only five idle connections per
 * host, so under load it opened and closed about a hundred connections a second
 * (docs/performance.md). The stand-in for service-b here keeps connections alive and
 * records each one it is called on.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ServiceBConnectionTests {

	private static final int CONCURRENT_CALLERS = 16;

	private static final int CALLS_EACH = 20;

	private static final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();

	private static final AtomicInteger calls = new AtomicInteger();

	private static final ExecutorService stubThreads = Executors.newFixedThreadPool(2 * CONCURRENT_CALLERS);

	private static final int SERVICE_B_PORT = freePort();

	private static HttpServer serviceB = start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void serviceB(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.openfeign.client.config.service-b.url", () -> Http.loopback(SERVICE_B_PORT, ""));
	}

	@BeforeEach
	void forgetEarlierCalls() {
		connections.clear();
		calls.set(0);
	}

	@AfterAll
	static void stop() {
		serviceB.stop(0);
		stubThreads.shutdownNow();
	}

	@Test
	void overlappingCallsReuseAPoolOfConnectionsToServiceB() throws Exception {
		assertThat(overlappingCalls()).containsOnly(200);
		assertThat(calls).hasValue(CONCURRENT_CALLERS * CALLS_EACH);
		// At most one connection per overlapping call; a client that closes what it
		// cannot keep opens far more.
		assertThat(connections).hasSizeLessThanOrEqualTo(CONCURRENT_CALLERS);
	}

	@Test
	void aCallRightAfterServiceBRestartedSucceeds() throws Exception {
		assertThat(overlappingCalls()).containsOnly(200);
		// Every pooled connection is now closed at service-b's end; the next call finds
		// one dead before sending.
		serviceB.stop(0);
		serviceB = start();
		assertThat(callServiceB()).isEqualTo(200);
	}

	private List<Integer> overlappingCalls() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT_CALLERS);
		try {
			List<Future<List<Integer>>> results = new ArrayList<>();
			for (int caller = 0; caller < CONCURRENT_CALLERS; caller++) {
				results.add(callers.submit(() -> {
					List<Integer> statuses = new ArrayList<>();
					for (int call = 0; call < CALLS_EACH; call++) {
						statuses.add(callServiceB());
					}
					return statuses;
				}));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<List<Integer>> result : results) {
				statuses.addAll(result.get());
			}
			return statuses;
		}
		finally {
			callers.shutdownNow();
		}
	}

	private int callServiceB() throws Exception {
		return Http.get(Http.loopback(this.port, "/call-service-b")).statusCode();
	}

	private static int freePort() {
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer
				.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), SERVICE_B_PORT), 50);
			server.createContext("/hello", (exchange) -> {
				connections.add(exchange.getRemoteAddress());
				calls.incrementAndGet();
				byte[] body = "Hello from Service B!".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.setExecutor(stubThreads);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
