package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.o11ydemo.testsupport.RawHttp;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.SlowClients;
import dev.o11ydemo.testsupport.SlowClients.Stall;
import dev.o11ydemo.testsupport.Topology;

/**
 * What a scanner on the internet sends, against each of the five running services:
 * requests whose method, path, query, headers and protocol version vary at random, byte
 * for byte over real sockets. The services keep every metric bounded (the second, larger
 * batch of requests adds no series to the scrape) and answer every one of them without a
 * 5xx and, for every 4xx, with an RFC 9457 problem.
 * <p>
 * Each request is one of a fixed set of shapes (which method kind, which path kind)
 * filled with random values. The first batch sends every shape once, so it creates every
 * series the shapes can create; the second sends 1,000 requests of random shapes with new
 * random values, which must create none. The fault controls that change state and the
 * routes that fail or stall on purpose are left out: their effects are proven elsewhere.
 */
class HostileTrafficTests {

	/** The label values the seed metrics may carry whatever is sent (docs/signals.md). */
	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE", "CONNECT", "UNKNOWN");

	/**
	 * Families whose series appear by themselves over time (a new GC cause, a memory
	 * pool), never per request.
	 */
	private static final Pattern SELF_GROWING = Pattern.compile("jvm_.*|process_.*|system_.*|executor_.*|disk_.*");

	private static final List<String> SEED_FAMILIES = List.of("http_requests_total",
			"http_request_duration_seconds_count", "http_request_duration_summary_seconds_count");

	private static SuiteServices suite;

	@BeforeAll
	static void shareTheSuite() throws Exception {
		suite = SuiteServices.shared();
	}

	static Stream<String> services() {
		return Topology.read().names().stream();
	}

	@ParameterizedTest
	@MethodSource("services")
	void aThousandRandomRequestsAddNoSeriesAndEachGetsA4xxProblemOrASuccess(String name) throws Exception {
		ServiceProcess service = suite.get(name);
		Random random = new Random(name.hashCode());
		List<String> bad = new ArrayList<>();
		for (int shape = 0; shape < Shapes.COUNT; shape++) {
			send(service, Shapes.request(shape, random), bad);
		}
		Set<String> before = series(service);
		for (int i = 0; i < 1000; i++) {
			send(service, Shapes.request(random.nextInt(Shapes.COUNT), random), bad);
		}
		Set<String> after = series(service);
		Set<String> added = new TreeSet<>(after);
		added.removeAll(before);
		added.removeIf((series) -> SELF_GROWING.matcher(series).lookingAt());
		assertThat(bad).as("answers that were a 5xx, or a 4xx without a problem body").isEmpty();
		assertThat(added).as("series the second batch added to %s's scrape", name).isEmpty();

		Scrape scrape = Scrape.parse(service.get("/metrics").body());
		for (String family : SEED_FAMILIES) {
			for (Scrape.Sample sample : scrape.samples(family)) {
				assertThat(METHODS).as("%s method", family).contains(sample.label("method"));
				assertThat(sample.label("path")).as("%s path", family).matches("UNMATCHED|/[A-Za-z0-9/{}*._-]*");
				assertThat(sample.label("status_code")).as("%s status_code", family).matches("[1-5][0-9][0-9]");
			}
		}
	}

	/**
	 * One client stalling 700 order bodies at the real order-service gets 429s past its
	 * share, moves no 5xx counter (seed or Spring's), and another client's order, with
	 * its token checked at auth-service and its charge at payment-service, is placed
	 * within a probe's second while the flood holds.
	 */
	@Test
	void aFloodOfStalledBodiesFromOneClientLeavesThe5xxCountersAndAnotherClientsOrderAlone() throws Exception {
		ServiceProcess order = suite.get("order-service");
		String token = SuiteClient.login(suite.get("auth-service"));
		InetAddress other = InetAddress.getByName("127.0.0.2");
		// Warm: the bound below is for an order during the flood, not for a first one.
		assertThat(placeOrder(order, other, token, Duration.ofSeconds(15)).status()).isEqualTo(201);
		Scrape before = Scrape.parse(order.get("/metrics").body());
		try (SlowClients flood = SlowClients.open(InetAddress.getByName("127.0.0.1"), order.port(), 700, Stall.BODY,
				"/order")) {
			Scrape during = Scrape.await(order.url("/metrics"), (scrape) -> scrape.sum("http_requests_total",
					"status_code", "429") >= before.sum("http_requests_total", "status_code", "429") + 668);
			RawHttp.Answer placed = placeOrder(order, other, token, SlowClients.PROBE_TIMEOUT);
			assertThat(placed.status()).as(placed.text()).isEqualTo(201);
			Scrape after = Scrape.parse(order.get("/metrics").body());
			assertThat(during.sum("http_requests_total", "status_code", "429")
					- before.sum("http_requests_total", "status_code", "429"))
				.isEqualTo(700 - 32);
			assertThat(after.sum("http_requests_total", "status_code", "5.."))
				.isEqualTo(before.sum("http_requests_total", "status_code", "5.."));
			assertThat(after.sum("http_server_requests_seconds_count", "status", "5.."))
				.isEqualTo(before.sum("http_server_requests_seconds_count", "status", "5.."));
		}
	}

	/**
	 * Wrong passwords from one address at the real auth-service: ten 401s, then 429s with
	 * {@code Retry-After}, even for the demo user's right password, and the refusals
	 * counted; another address logs in. The guesses name another user, so the demo user's
	 * own failures stay untouched for the other tests.
	 */
	@Test
	void wrongPasswordsFromOneAddressAreThrottled() throws Exception {
		ServiceProcess auth = suite.get("auth-service");
		InetAddress guesser = InetAddress.getByName("127.0.0.9");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			statuses
				.add(RawHttp
					.exchange(guesser, auth.port(),
							post("/login", "{\"username\":\"mallory\",\"password\":\"guess-" + i + "\"}", null))
					.status());
		}
		assertThat(statuses.subList(0, 10)).containsOnly(401);
		assertThat(statuses.subList(10, 12)).containsOnly(429);
		RawHttp.Answer refused = RawHttp.exchange(guesser, auth.port(),
				post("/login", "{\"username\":\"demo\",\"password\":\"demo\"}", null));
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.text()).contains("Retry-After: ").contains("urn:o11ydemo:problem:too-many-failed-logins");
		assertThat(Scrape.parse(auth.get("/metrics").body()).sum("login_throttled_total", "scope", "address"))
			.isGreaterThanOrEqualTo(3);
		assertThat(SuiteClient.login(auth)).isNotBlank();
	}

	/**
	 * The suite runs with an introspection credential, as {@code ./run.sh} does: without
	 * it even a caller on the same host is refused, while the orders above, whose tokens
	 * order-service and payment-service check with it, go through.
	 */
	@Test
	void introspectionWithoutTheSuitesCredentialIsRefusedEvenFromLoopback() throws Exception {
		ServiceProcess auth = suite.get("auth-service");
		RawHttp.Answer refused = RawHttp.exchange(auth.port(),
				post("/login/introspect", "{\"token\":\"" + SuiteClient.login(auth) + "\"}", null));
		assertThat(refused.status()).as(refused.text()).isEqualTo(401);
		assertThat(refused.text()).contains("urn:o11ydemo:problem:client-authentication-required");
		assertThat(placeOrder(suite.get("order-service"), InetAddress.getByName("127.0.0.3"), SuiteClient.login(auth),
				Duration.ofSeconds(15))
			.status()).isEqualTo(201);
	}

	private static RawHttp.Answer placeOrder(ServiceProcess order, InetAddress from, String token, Duration within)
			throws Exception {
		return RawHttp.exchange(from, order.port(),
				post("/order", "{\"item\":\"book\",\"quantity\":1,\"amount\":12.00,\"currency\":\"EUR\"}", token),
				within);
	}

	private static String post(String path, String body, String token) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ ((token != null)
						? "Authorization: Bearer " + token + "\r\nIdempotency-Key: " + UUID.randomUUID() + "\r\n" : "")
				+ "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
				+ body;
	}

	private static void send(ServiceProcess service, String request, List<String> bad) throws Exception {
		RawHttp.Answer answer = RawHttp.exchange(service.port(), request);
		int status = answer.status();
		boolean head = request.startsWith("HEAD ");
		boolean problem = answer.contentType().startsWith("application/problem+json");
		if (status < 100 || status >= 500 || (status >= 400 && !head && !problem)) {
			if (bad.size() < 20) {
				bad.add(request.lines().findFirst().orElse("") + " -> " + answer.text().lines().findFirst().orElse("")
						+ " " + answer.contentType());
			}
		}
	}

	/** Every series of the scrape, as name and labels. */
	private static Set<String> series(ServiceProcess service) throws Exception {
		Set<String> series = new TreeSet<>();
		for (Scrape.Sample sample : Scrape.parse(service.get("/metrics").body()).samples()) {
			series.add(sample.name() + new TreeMap<>(sample.labels()));
		}
		return series;
	}

	/** The request shapes, each with random values in every part a client controls. */
	private static final class Shapes {

		private static final String[] METHOD_KINDS = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
				"TRACE", "CONNECT", "INVENTED", "LOWERCASE" };

		private static final String[] PATH_KINDS = { "/", "/healthy", "/health", "/metrics", "/actuator/health",
				"/hello", "/order/RANDOM", "/payment/RANDOM", "/login", "/RANDOM", "/RANDOM/RANDOM?RANDOM=RANDOM",
				"/actuator/RANDOM", "/%RANDOM", "/RANDOM;jsessionid=RANDOM", "/../RANDOM", "/%2e%2e/RANDOM" };

		private static final String[] ACCEPTS = { "*/*", "application/json", "text/html", "application/xml",
				"image/RANDOM", ";;RANDOM", "text/*;q=RANDOM" };

		private static final String[] VERSIONS = { "HTTP/1.1", "HTTP/1.0", "HTTP/RANDOM" };

		static final int COUNT = METHOD_KINDS.length * PATH_KINDS.length * ACCEPTS.length * VERSIONS.length;

		static String request(int shape, Random random) {
			String methodKind = METHOD_KINDS[shape % METHOD_KINDS.length];
			shape /= METHOD_KINDS.length;
			String path = fill(PATH_KINDS[shape % PATH_KINDS.length], random);
			shape /= PATH_KINDS.length;
			String accept = fill(ACCEPTS[shape % ACCEPTS.length], random);
			shape /= ACCEPTS.length;
			String version = VERSIONS[shape % VERSIONS.length].replace("RANDOM",
					Integer.toString(random.nextInt(10)) + "." + random.nextInt(10));
			String method = switch (methodKind) {
				case "INVENTED" -> "X" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36).toUpperCase();
				case "LOWERCASE" -> "get";
				default -> methodKind;
			};
			StringBuilder request = new StringBuilder(method + " " + path + " " + version + "\r\nHost: localhost\r\n");
			request.append("Accept: ").append(accept).append("\r\n");
			request.append("X-").append(word(random)).append(": ").append(word(random)).append("\r\n");
			request.append("User-Agent: scanner/").append(word(random)).append("\r\n");
			request.append("X-Forwarded-For: 203.0.113.").append(random.nextInt(256)).append("\r\n");
			String body = "";
			if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
				body = random.nextBoolean() ? "{\"" + word(random) + "\":" + random.nextInt() + "}" : word(random);
				request.append("Content-Type: application/json\r\n");
			}
			request.append("Content-Length: ").append(body.length()).append("\r\nConnection: close\r\n\r\n");
			return request.append(body).toString();
		}

		private static String fill(String template, Random random) {
			String filled = template;
			while (filled.contains("RANDOM")) {
				filled = filled.replaceFirst("RANDOM",
						template.startsWith("/%R") ? Integer.toHexString(random.nextInt(256)) : word(random));
			}
			return filled;
		}

		private static String word(Random random) {
			return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
		}

	}

}
