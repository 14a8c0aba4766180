package dev.o11ydemo.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;

/**
 * Failed logins are limited per client address and per user name, over real HTTP. The
 * test is the load balancer in front of the service: each client is the address it
 * appends to {@code X-Forwarded-For}, as the ALB does.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "auth.login-throttle.max-tracked=100")
@DirtiesContext
class LoginThrottleTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	LoginThrottle throttle;

	@Test
	void tenFailuresFromOneAddressThenA429WithRetryAfterEvenForTheRightPassword() throws Exception {
		String address = "198.51.100.1";
		for (int i = 0; i < 10; i++) {
			assertThat(login(address, "mallory-" + i, "guess").statusCode()).as("attempt %d", i).isEqualTo(401);
		}
		HttpResponse<String> refused = login(address, "alice", "wonderland");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(Http.contentType(refused)).startsWith("application/problem+json");
		assertThat(refused.body()).contains("urn:o11ydemo:problem:too-many-failed-logins");
		assertThat(refused.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
		assertThat(login("198.51.100.2", "alice", "wonderland").statusCode()).as("another address").isEqualTo(200);
	}

	@Test
	void aGuessedUserStillLogsInFromACleanAddressWhileGuessersGetOneTryEach() throws Exception {
		for (int i = 0; i < 10; i++) {
			assertThat(login("203.0.113." + i, "alice", "guess-" + i).statusCode()).isEqualTo(401);
		}
		// alice's failures are used up: an address that failed already is refused ...
		assertThat(login("203.0.113.0", "alice", "guess-again").statusCode()).isEqualTo(429);
		// ... a clean one gets its try, and alice herself is never blocked.
		assertThat(login("203.0.113.100", "alice", "guess-once").statusCode()).isEqualTo(401);
		assertThat(login("203.0.113.100", "alice", "guess-twice").statusCode()).isEqualTo(429);
		assertThat(login("192.0.2.50", "alice", "wonderland").statusCode()).isEqualTo(200);
	}

	@Test
	void refusalsAreCountedByScopeFromZero() throws Exception {
		Scrape before = Scrape.parse(Http.get(Http.loopback(this.port, "/metrics")).body());
		assertThat(before.samples("login_throttled_total")).extracting((sample) -> sample.label("scope"))
			.containsExactlyInAnyOrder("address", "user");
		for (int i = 0; i < 11; i++) {
			login("198.51.100.77", "bob", "guess");
		}
		Scrape after = Scrape.parse(Http.get(Http.loopback(this.port, "/metrics")).body());
		assertThat(after.sum("login_throttled_total", "scope", "address")
				- before.sum("login_throttled_total", "scope", "address"))
			.isEqualTo(1);
	}

	@Test
	void aFloodOfInventedNamesAndAddressesKeepsTheTablesAtTheirBound() {
		for (int i = 0; i < 5_000; i++) {
			this.throttle.failed("10." + (i / 65536) + "." + ((i / 256) % 256) + "." + (i % 256),
					UUID.randomUUID().toString());
		}
		assertThat(this.throttle.tracked()).isLessThanOrEqualTo(2 * 100);
	}

	private HttpResponse<String> login(String address, String username, String password) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(Http.loopback(this.port, "/login")))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", "10.9.9.9, " + address)
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
