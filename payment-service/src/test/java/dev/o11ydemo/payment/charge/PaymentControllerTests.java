package dev.o11ydemo.payment.charge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
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
import dev.o11ydemo.testsupport.SlowClients;
import dev.o11ydemo.testsupport.SlowClients.Stall;
import dev.o11ydemo.testsupport.StubService;

/**
 * payment-service over real HTTP, with its real Feign client of auth-service pointed at a
 * loopback stub that vouches for {@code alice-token} (alice) and {@code bob-token} (bob).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PaymentControllerTests {

	static final String ALICE = "Bearer alice-token";

	static final String BOB = "Bearer bob-token";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final StubService auth = StubService.start((request) -> {
		String subject = request.body().contains("\"alice-token\"") ? "alice"
				: request.body().contains("\"bob-token\"") ? "bob" : null;
		return StubService.Response.json(200,
				(subject != null) ? "{\"active\":true,\"sub\":\"" + subject + "\"}" : "{\"active\":false}");
	});

	@LocalServerPort
	int port;

	@Autowired
	PaymentRepository payments;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void authService(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.openfeign.client.config.auth-service.url", auth::url);
		registry.add("spring.cloud.openfeign.client.config.auth-service.read-timeout", () -> 1000);
	}

	@AfterEach
	void resetFaults() throws Exception {
		Http.send("DELETE", url("/actuator/faults"));
		auth.switchTo(StubService.Mode.OK);
	}

	@AfterAll
	static void stopAuth() {
		auth.close();
	}

	/**
	 * 200 connections that stall in the headers or the body of a charge hold none of
	 * payment-service's request threads: probes are answered within Kubernetes' 1 s probe
	 * timeout, and a user's charge still goes through.
	 */
	@ParameterizedTest
	@EnumSource(Stall.class)
	void stalledClientsLeaveProbesAndChargesAnswered(Stall stall) throws Exception {
		try (SlowClients slow = SlowClients.stalled(this.port, 200, stall, "/payment/charge")) {
			assertThat(SlowClients.probe(url("/actuator/health/readiness"))).isEqualTo(200);
			assertThat(SlowClients.probe(url("/actuator/health/liveness"))).isEqualTo(200);
			assertThat(charge(UUID.randomUUID().toString(), "4.00", "EUR").statusCode()).isEqualTo(201);
		}
	}

	@Test
	void anonymousChargesAndReadsAre401() throws Exception {
		String paymentId = json.readTree(charge(UUID.randomUUID().toString(), "3.00", "EUR").body())
			.path("paymentId")
			.asString();
		for (HttpResponse<String> response : List.of(
				Http.postJson(url("/payment/charge"), "{\"orderId\":\"o-anon\",\"amount\":1,\"currency\":\"EUR\"}"),
				Http.get(url("/payment/" + paymentId)))) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(Http.contentType(response)).startsWith("application/problem+json");
			assertThat(response.body()).contains("urn:o11ydemo:problem:missing-token");
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		}
		assertThat(this.payments.findByOrderId("o-anon")).isEmpty();
	}

	@Test
	void aTokenAuthServiceDoesNotVouchForIs401AndChargesNothing() throws Exception {
		String orderId = UUID.randomUUID().toString();
		HttpResponse<String> response = charge("Bearer forged-token", orderId, "3.00", "EUR");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("urn:o11ydemo:problem:invalid-token");
		assertThat(this.payments.findByOrderId(orderId)).isEmpty();
	}

	@Test
	void aUserCannotSeeAnotherUsersPayment() throws Exception {
		String paymentId = json.readTree(charge(UUID.randomUUID().toString(), "3.00", "EUR").body())
			.path("paymentId")
			.asString();
		HttpResponse<String> response = get(BOB, "/payment/" + paymentId);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("urn:o11ydemo:problem:payment-not-found");
	}

	@Test
	void anotherUserChargingTheSameOrderIsAConflictAndSeesNoPayment() throws Exception {
		String orderId = UUID.randomUUID().toString();
		charge(orderId, "3.00", "EUR");
		HttpResponse<String> response = charge(BOB, orderId, "3.00", "EUR");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.body()).contains("urn:o11ydemo:problem:charge-conflict").doesNotContain("paymentId");
	}

	@Test
	void authServiceDownIs503AndChargesNothing() throws Exception {
		auth.switchTo(StubService.Mode.DOWN);
		String orderId = UUID.randomUUID().toString();
		HttpResponse<String> response = charge(orderId, "3.00", "EUR");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("urn:o11ydemo:problem:auth-unavailable");
		assertThat(this.payments.findByOrderId(orderId)).isEmpty();
	}

	@Test
	void chargeCreatesAPayment() throws Exception {
		String orderId = UUID.randomUUID().toString();
		HttpResponse<String> response = charge(orderId, "25.50", "EUR");
		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode payment = json.readTree(response.body());
		assertThat(payment.path("orderId").asString()).isEqualTo(orderId);
		assertThat(payment.path("amount").decimalValue()).isEqualByComparingTo("25.50");
		assertThat(payment.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(response.headers().firstValue("Location"))
			.hasValue("/payment/" + payment.path("paymentId").asString());
		HttpResponse<String> fetched = get(ALICE, "/payment/" + payment.path("paymentId").asString());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(json.readTree(fetched.body()).path("orderId").asString()).isEqualTo(orderId);
	}

	@Test
	void aRetriedChargeReturnsTheSamePaymentAndChargesOnce() throws Exception {
		String orderId = UUID.randomUUID().toString();
		HttpResponse<String> first = charge(orderId, "10.00", "USD");
		HttpResponse<String> retry = charge(orderId, "10.00", "USD");
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(json.readTree(retry.body()).path("paymentId").asString())
			.isEqualTo(json.readTree(first.body()).path("paymentId").asString());
		assertThat(StoredPayments.countByOrder(this.jdbc, orderId)).isOne();
	}

	@Test
	void chargingAnOrderAgainWithAnotherAmountIsAConflict() throws Exception {
		String orderId = UUID.randomUUID().toString();
		charge(orderId, "10.00", "USD");
		HttpResponse<String> other = charge(orderId, "99.00", "USD");
		assertThat(other.statusCode()).isEqualTo(409);
		assertThat(other.body()).contains("urn:o11ydemo:problem:charge-conflict");
	}

	@Test
	void concurrentChargesOfOneOrderMakeOnePayment() throws Exception {
		String orderId = UUID.randomUUID().toString();
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				Callable<HttpResponse<String>> call = () -> charge(orderId, "42.00", "EUR");
				responses.add(pool.submit(call));
			}
			List<String> paymentIds = new ArrayList<>();
			for (Future<HttpResponse<String>> response : responses) {
				assertThat(response.get().statusCode()).isIn(200, 201);
				paymentIds.add(json.readTree(response.get().body()).path("paymentId").asString());
			}
			assertThat(paymentIds).containsOnly(paymentIds.get(0));
			assertThat(responses.stream().filter((response) -> status(response) == 201)).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(StoredPayments.countByOrder(this.jdbc, orderId)).isOne();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"missing orderId      | {\"amount\": 10, \"currency\": \"EUR\"}                          | invalid-request",
			"blank orderId        | {\"orderId\": \" \", \"amount\": 10, \"currency\": \"EUR\"}      | invalid-request",
			"zero amount          | {\"orderId\": \"o-1\", \"amount\": 0, \"currency\": \"EUR\"}     | invalid-request",
			"negative amount      | {\"orderId\": \"o-1\", \"amount\": -5, \"currency\": \"EUR\"}    | invalid-request",
			"absurd amount        | {\"orderId\": \"o-1\", \"amount\": 1e12, \"currency\": \"EUR\"}  | invalid-request",
			"three decimals       | {\"orderId\": \"o-1\", \"amount\": 1.005, \"currency\": \"EUR\"} | invalid-request",
			"unknown currency     | {\"orderId\": \"o-1\", \"amount\": 10, \"currency\": \"XYZ\"}    | invalid-request",
			"amount as text       | {\"orderId\": \"o-1\", \"amount\": \"ten\", \"currency\": \"EUR\"} | invalid-request",
			"amount as a string   | {\"orderId\": \"o-1\", \"amount\": \"10\", \"currency\": \"EUR\"} | invalid-request",
			"NUL in orderId       | {\"orderId\": \"o\\u0000\", \"amount\": 10, \"currency\": \"EUR\"} | invalid-request",
			"malformed json       | {\"orderId\": \"o-1\",                                           | malformed-body" })
	void badChargesAre400Problems(String name, String body, String kind) throws Exception {
		HttpResponse<String> response = post(ALICE, body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
		assertThat(json.readTree(response.body()).path("type").asString()).isEqualTo("urn:o11ydemo:problem:" + kind);
	}

	@Test
	void wrongContentTypeIs415() throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url("/payment/charge")))
			.header("Authorization", ALICE)
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("orderId=1"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
	}

	@Test
	void unknownPaymentIs404Problem() throws Exception {
		HttpResponse<String> response = get(ALICE, "/payment/" + UUID.randomUUID());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("urn:o11ydemo:problem:payment-not-found");
	}

	@Test
	void runtimeFailureRatioFailsChargesAndResetRestoresThem() throws Exception {
		Http.postJson(url("/actuator/faults"), "{\"failureRatio\": 1.0}");
		HttpResponse<String> failed = charge(UUID.randomUUID().toString(), "5.00", "EUR");
		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(failed.body()).contains("urn:o11ydemo:problem:injected-fault");
		Http.send("DELETE", url("/actuator/faults"));
		assertThat(charge(UUID.randomUUID().toString(), "5.00", "EUR").statusCode()).isEqualTo(201);
	}

	@Test
	void businessMetricsCountChargesAndTheirAmounts() throws Exception {
		charge(UUID.randomUUID().toString(), "75.00", "GBP");
		Scrape scrape = Scrape.parse(Http.get(url("/metrics")).body());
		assertThat(scrape.type("payments_total")).isEqualTo("counter");
		assertThat(scrape.samples("payments_total"))
			.anySatisfy((sample) -> assertThat(sample.label("outcome")).isEqualTo("succeeded"));
		assertThat(scrape.type("payment_amount")).isEqualTo("histogram");
		assertThat(scrape.samples("payment_amount_bucket")).anySatisfy((sample) -> {
			assertThat(sample.label("currency")).isEqualTo("GBP");
			assertThat(sample.label("le")).isEqualTo("100.0");
			assertThat(sample.value()).isGreaterThanOrEqualTo(1);
		});
	}

	@Test
	void keepsTheFastApiStatusRoutes() throws Exception {
		assertThat(Http.get(url("/health")).body()).isEqualTo("{\"status\":\"ok\"}");
		assertThat(Http.get(url("/")).body()).isEqualTo("{\"message\":\"Payment service is running\"}");
	}

	private static int status(Future<HttpResponse<String>> response) {
		try {
			return response.get().statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> charge(String orderId, String amount, String currency) throws Exception {
		return charge(ALICE, orderId, amount, currency);
	}

	private HttpResponse<String> charge(String authorization, String orderId, String amount, String currency)
			throws Exception {
		return post(authorization,
				"{\"orderId\":\"" + orderId + "\",\"amount\":" + amount + ",\"currency\":\"" + currency + "\"}");
	}

	private HttpResponse<String> post(String authorization, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(url("/payment/charge")))
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String authorization, String path) throws Exception {
		return client.send(
				HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", authorization).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
