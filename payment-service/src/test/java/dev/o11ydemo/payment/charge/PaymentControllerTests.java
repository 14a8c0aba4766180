package dev.o11ydemo.payment.charge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.observability.test.Http;
import dev.o11ydemo.observability.test.Scrape;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PaymentControllerTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	PaymentRepository payments;

	@AfterEach
	void resetFaults() throws Exception {
		Http.send("DELETE", url("/actuator/faults"));
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
		assertThat(response.headers().firstValue("Location")).hasValue("/payment/" + payment.path("paymentId").asString());
		HttpResponse<String> fetched = Http.get(url("/payment/" + payment.path("paymentId").asString()));
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
		assertThat(this.payments.findAll()).filteredOn((payment) -> payment.orderId().equals(orderId)).hasSize(1);
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
		assertThat(this.payments.findAll()).filteredOn((payment) -> payment.orderId().equals(orderId)).hasSize(1);
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
			"malformed json       | {\"orderId\": \"o-1\",                                           | malformed-body" })
	void badChargesAre400Problems(String name, String body, String kind) throws Exception {
		HttpResponse<String> response = Http.postJson(url("/payment/charge"), body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
		assertThat(json.readTree(response.body()).path("type").asString()).isEqualTo("urn:o11ydemo:problem:" + kind);
	}

	@Test
	void wrongContentTypeIs415() throws Exception {
		HttpResponse<String> response = Http.send("POST", url("/payment/charge"), "text/plain", "orderId=1");
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
	}

	@Test
	void unknownPaymentIs404Problem() throws Exception {
		HttpResponse<String> response = Http.get(url("/payment/" + UUID.randomUUID()));
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
		assertThat(scrape.samples("payments_total")).anySatisfy((sample) -> assertThat(sample.label("outcome")).isEqualTo("succeeded"));
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
		return Http.postJson(url("/payment/charge"), "{\"orderId\":\"" + orderId + "\",\"amount\":" + amount
				+ ",\"currency\":\"" + currency + "\"}");
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
