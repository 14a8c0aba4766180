package dev.o11ydemo.order.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.StubService.Mode;

/**
 * order-service over real HTTP, with its real Feign clients pointed at loopback stubs of
 * auth-service and payment-service (read timeouts 1 s here).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OrderControllerTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration TIMEOUT_SLACK = Duration.ofMillis(2500);

	private static final Stubs stubs = Stubs.start();

	@LocalServerPort
	int port;

	@Autowired
	OrderRepository orders;

	StoredOrders stored;

	OrderApi api;

	@DynamicPropertySource
	static void dependencies(DynamicPropertyRegistry registry) {
		stubs.register(registry);
	}

	@BeforeEach
	void stored(@Autowired JdbcClient jdbc) {
		this.stored = new StoredOrders(jdbc);
	}

	@BeforeEach
	void api() {
		this.api = new OrderApi(this.port);
	}

	@AfterEach
	void reset() throws Exception {
		stubs.reset();
	}

	@AfterAll
	static void stop() {
		stubs.auth.close();
		stubs.payment.close();
	}

	@Test
	void placesAPaidOrderAndFetchesIt() throws Exception {
		HttpResponse<String> response = this.api.place(Stubs.ALICE, null, OrderApi.ORDER);
		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode order = json.readTree(response.body());
		String id = order.path("id").asString();
		assertThat(order.path("status").asString()).isEqualTo("PAID");
		assertThat(order.path("paymentId").asString()).isEqualTo(stubs.charges.get(id));
		assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("25.50");
		assertThat(response.headers().firstValue("Location")).hasValue("/order/" + id);
		HttpResponse<String> fetched = this.api.get(Stubs.ALICE, "/order/" + id);
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(json.readTree(fetched.body()).path("status").asString()).isEqualTo("PAID");
		HttpResponse<String> page = this.api.get(Stubs.ALICE, "/order?size=100");
		assertThat(json.readTree(page.body()).path("items").valueStream().map((item) -> item.path("id").asString()))
			.contains(id);
	}

	@Test
	void forwardsTheUsersTokenToPaymentService() throws Exception {
		stubs.chargeAuthorizations.clear();
		assertThat(this.api.place(Stubs.BOB, null, OrderApi.ORDER).statusCode()).isEqualTo(201);
		assertThat(stubs.chargeAuthorizations).containsExactly(Stubs.BOB);
	}

	@Test
	void aUserCannotSeeAnotherUsersOrder() throws Exception {
		String id = json.readTree(this.api.place(Stubs.ALICE, null, OrderApi.ORDER).body()).path("id").asString();
		HttpResponse<String> response = this.api.get(Stubs.BOB, "/order/" + id);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("urn:o11ydemo:problem:order-not-found");
		assertThat(json.readTree(this.api.get(Stubs.BOB, "/order").body())
			.path("items")
			.valueStream()
			.map((item) -> item.path("id").asString())).doesNotContain(id);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"malformed JSON    | {\"item\": \"book\",                                                         | 400 | malformed-body",
			"missing item      | {\"quantity\": 1, \"amount\": 5, \"currency\": \"EUR\"}                     | 400 | invalid-request",
			"quantity as text  | {\"item\": \"a\", \"quantity\": \"two\", \"amount\": 5, \"currency\": \"EUR\"} | 400 | invalid-request",
			"zero quantity     | {\"item\": \"a\", \"quantity\": 0, \"amount\": 5, \"currency\": \"EUR\"}     | 400 | invalid-request",
			"absurd quantity   | {\"item\": \"a\", \"quantity\": 1000000, \"amount\": 5, \"currency\": \"EUR\"} | 400 | invalid-request",
			"negative amount   | {\"item\": \"a\", \"quantity\": 1, \"amount\": -5, \"currency\": \"EUR\"}    | 400 | invalid-request",
			"zero amount       | {\"item\": \"a\", \"quantity\": 1, \"amount\": 0, \"currency\": \"EUR\"}     | 400 | invalid-request",
			"absurd amount     | {\"item\": \"a\", \"quantity\": 1, \"amount\": 1e15, \"currency\": \"EUR\"}  | 400 | invalid-request",
			"fractional cents  | {\"item\": \"a\", \"quantity\": 1, \"amount\": 0.001, \"currency\": \"EUR\"} | 400 | invalid-request",
			"unknown currency  | {\"item\": \"a\", \"quantity\": 1, \"amount\": 5, \"currency\": \"ABC\"}     | 400 | invalid-request",
			"array body        | [1, 2, 3]                                                                   | 400 | malformed-body" })
	void badOrdersAreRefusedWithAProblemAndNothingIsRecorded(String name, String body, int status, String kind)
			throws Exception {
		long before = this.stored.count();
		HttpResponse<String> response = this.api.place(Stubs.ALICE, null, body);
		assertProblem(response, status, kind);
		assertThat(this.stored.count()).isEqualTo(before);
	}

	@Test
	void invalidFieldsAreNamedInTheProblem() throws Exception {
		String body = "{\"item\":\"\",\"quantity\":0,\"amount\":-1,\"currency\":\"XYZ\"}";
		JsonNode problem = assertProblem(this.api.place(Stubs.ALICE, null, body), 400, "invalid-request");
		assertThat(problem.path("errors").valueStream().map((error) -> error.path("field").asString()))
			.containsExactlyInAnyOrder("item", "quantity", "amount", "currency");
		JsonNode badKey = assertProblem(this.api.place(Stubs.ALICE, "k".repeat(300), OrderApi.ORDER), 400,
				"invalid-request");
		assertThat(badKey.path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
		JsonNode badSize = assertProblem(this.api.get(Stubs.ALICE, "/order?size=0"), 400, "invalid-request");
		assertThat(badSize.path("errors").get(0).path("field").asString()).isEqualTo("size");
	}

	@Test
	void wrongContentTypeIs415() throws Exception {
		HttpResponse<String> response = Http.send("POST", url("/order"), "text/plain", OrderApi.ORDER);
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
	}

	@Test
	void oversizedBodyIs413() throws Exception {
		String huge = "{\"item\":\"" + "x".repeat(70_000) + "\",\"quantity\":1,\"amount\":5,\"currency\":\"EUR\"}";
		assertProblem(this.api.place(Stubs.ALICE, null, huge), 413, "body-too-large");
	}

	@Test
	void missingTokenIs401() throws Exception {
		HttpResponse<String> response = this.api.place(null, null, OrderApi.ORDER);
		assertProblem(response, 401, "missing-token");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void aTokenAuthDoesNotVouchForIs401() throws Exception {
		assertProblem(this.api.place("Bearer forged.token.value", null, OrderApi.ORDER), 401, "invalid-token");
		assertProblem(this.api.place("Basic YWxpY2U6d29uZGVybGFuZA==", null, OrderApi.ORDER), 401, "missing-token");
	}

	@Test
	void authDownIs503() throws Exception {
		stubs.auth.switchTo(Mode.DOWN);
		assertProblem(this.api.place(Stubs.ALICE, null, OrderApi.ORDER), 503, "auth-unavailable");
	}

	@Test
	void authFailingIs503() throws Exception {
		stubs.auth.switchTo(Mode.ERROR);
		assertProblem(this.api.place(Stubs.ALICE, null, OrderApi.ORDER), 503, "auth-unavailable");
	}

	@Test
	void paymentFailingRecordsPaymentFailedAndAnswers502() throws Exception {
		stubs.payment.switchTo(Mode.ERROR);
		JsonNode problem = assertProblem(this.api.place(Stubs.ALICE, null, OrderApi.ORDER), 502, "payment-failed");
		assertRecordedAsFailed(problem);
	}

	@Test
	void paymentDownRecordsPaymentFailedAndAnswers502() throws Exception {
		stubs.payment.switchTo(Mode.DOWN);
		long start = System.nanoTime();
		JsonNode problem = assertProblem(this.api.place(Stubs.ALICE, null, OrderApi.ORDER), 502, "payment-failed");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT_SLACK);
		assertRecordedAsFailed(problem);
	}

	@Test
	void paymentHangingRecordsPaymentFailedAndAnswers504WithinTheReadTimeout() throws Exception {
		stubs.payment.switchTo(Mode.HANG);
		long start = System.nanoTime();
		JsonNode problem = assertProblem(this.api.place(Stubs.ALICE, null, OrderApi.ORDER), 504, "payment-failed");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(900))
			.isLessThan(Duration.ofSeconds(1).plus(TIMEOUT_SLACK));
		assertRecordedAsFailed(problem);
	}

	@Test
	void aRetryWithTheSameKeyReturnsTheOriginalOrderAndChargesOnce() throws Exception {
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = this.api.place(Stubs.ALICE, key, OrderApi.ORDER);
		HttpResponse<String> retry = this.api.place(Stubs.ALICE, key, OrderApi.ORDER);
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		String id = json.readTree(first.body()).path("id").asString();
		assertThat(json.readTree(retry.body()).path("id").asString()).isEqualTo(id);
		assertThat(stubs.charges).containsKey(id);
		assertThat(this.stored.withKey(key)).hasSize(1);
	}

	@Test
	void theSameKeyForADifferentOrderIs422() throws Exception {
		String key = UUID.randomUUID().toString();
		this.api.place(Stubs.ALICE, key, OrderApi.ORDER);
		String other = "{\"item\":\"lamp\",\"quantity\":1,\"amount\":99,\"currency\":\"EUR\"}";
		assertProblem(this.api.place(Stubs.ALICE, key, other), 422, "idempotency-key-reused");
	}

	@Test
	void keysArePerUser() throws Exception {
		String key = UUID.randomUUID().toString();
		HttpResponse<String> alice = this.api.place(Stubs.ALICE, key, OrderApi.ORDER);
		HttpResponse<String> bob = this.api.place(Stubs.BOB, key, OrderApi.ORDER);
		assertThat(bob.statusCode()).isEqualTo(201);
		assertThat(json.readTree(bob.body()).path("id").asString())
			.isNotEqualTo(json.readTree(alice.body()).path("id").asString());
	}

	@Test
	void aRetryResumesAnOrderLeftPendingByADeadRequestAndAFreshPendingOneIs409() throws Exception {
		String stale = UUID.randomUUID().toString();
		String fresh = UUID.randomUUID().toString();
		OrderRequest request = new OrderRequest("book", 2, new BigDecimal("25.50"), "EUR");
		Instant longAgo = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MICROS);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.orders.insert(new Order(UUID.randomUUID().toString(), "alice", stale, request.fingerprint(), "book", 2,
				request.amount(), "EUR", Order.PENDING, null, null, longAgo, longAgo));
		this.orders.insert(new Order(UUID.randomUUID().toString(), "alice", fresh, request.fingerprint(), "book", 2,
				request.amount(), "EUR", Order.PENDING, null, null, now, now));
		HttpResponse<String> resumed = this.api.place(Stubs.ALICE, stale, OrderApi.ORDER);
		assertThat(resumed.statusCode()).isEqualTo(200);
		assertThat(json.readTree(resumed.body()).path("status").asString()).isEqualTo("PAID");
		HttpResponse<String> inProgress = this.api.place(Stubs.ALICE, fresh, OrderApi.ORDER);
		assertProblem(inProgress, 409, "request-in-progress");
		assertThat(inProgress.headers().firstValue("Retry-After")).hasValue("1");
	}

	@Test
	void twentyConcurrentRequestsWithOneKeyMakeOneOrderAndOneCharge() throws Exception {
		String key = UUID.randomUUID().toString();
		int chargesBefore = stubs.chargeRequests.get();
		List<HttpResponse<String>> responses = concurrently(20,
				(i) -> this.api.place(Stubs.ALICE, key, OrderApi.ORDER));
		assertThat(responses).extracting(HttpResponse::statusCode).isSubsetOf(201, 200, 409);
		assertThat(responses).filteredOn((response) -> response.statusCode() == 201).hasSize(1);
		List<Order> placed = this.stored.withKey(key);
		assertThat(placed).hasSize(1);
		assertThat(stubs.chargeRequests.get() - chargesBefore).isEqualTo(1);
		assertThat(responses).filteredOn((response) -> response.statusCode() != 409)
			.allSatisfy((response) -> assertThat(json.readTree(response.body()).path("id").asString())
				.isEqualTo(placed.get(0).id()));
	}

	@Test
	void twoHundredConcurrentOrdersWithDistinctKeysAreAllKept() throws Exception {
		long before = this.stored.count();
		List<HttpResponse<String>> responses = concurrently(200,
				(i) -> this.api.place(Stubs.BOB, "bulk-" + UUID.randomUUID(), OrderApi.ORDER));
		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201);
		Set<String> ids = new HashSet<>();
		responses.forEach((response) -> ids.add(json.readTree(response.body()).path("id").asString()));
		assertThat(ids).hasSize(200);
		assertThat(this.stored.count()).isEqualTo(before + 200);
		assertThat(ids).allSatisfy((id) -> assertThat(this.stored.byId(id).status()).isEqualTo("PAID"));
	}

	@Test
	void pagesAreBounded() throws Exception {
		assertProblem(this.api.get(Stubs.ALICE, "/order?size=500"), 400, "invalid-request");
		assertProblem(this.api.get(Stubs.ALICE, "/order?page=-1"), 400, "invalid-request");
		assertThat(this.api.get(Stubs.ALICE, "/order?size=100").statusCode()).isEqualTo(200);
	}

	@Test
	void ordersAreCountedByOutcome() throws Exception {
		this.api.place(Stubs.ALICE, null, OrderApi.ORDER);
		Scrape scrape = Scrape.parse(Http.get(url("/metrics")).body());
		assertThat(scrape.type("orders_total")).isEqualTo("counter");
		assertThat(scrape.samples("orders_total")).extracting((sample) -> sample.label("outcome")).contains("paid");
	}

	private void assertRecordedAsFailed(JsonNode problem) {
		String id = problem.path("orderId").asString();
		assertThat(problem.path("orderStatus").asString()).isEqualTo("PAYMENT_FAILED");
		Order order = this.stored.byId(id);
		assertThat(order.status()).isEqualTo("PAYMENT_FAILED");
		assertThat(order.failureReason()).startsWith("payment-service");
	}

	private static JsonNode assertProblem(HttpResponse<String> response, int status, String kind) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:" + kind);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		return problem;
	}

	private static List<HttpResponse<String>> concurrently(int count, Call call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 50));
		try {
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(pool.submit(() -> call.run(index)));
			}
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (Future<HttpResponse<String>> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

	@FunctionalInterface
	interface Call {

		HttpResponse<String> run(int index) throws Exception;

	}

}
