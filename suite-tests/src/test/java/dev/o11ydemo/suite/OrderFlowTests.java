package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.testsupport.Http;

/**
 * auth-service, payment-service and order-service as separate processes with the agent,
 * talking real HTTP, each with its own embedded database file: the walkthrough of
 * docs/orders.md, forged tokens, one trace across the three, runtime faults, and orders
 * that survive a crash.
 */
class OrderFlowTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ORDER = "{\"item\":\"book\",\"quantity\":2,\"amount\":25.50,\"currency\":\"EUR\"}";

	private static Path data;

	private static ServiceProcess auth;

	private static ServiceProcess payment;

	private static ServiceProcess order;

	@BeforeAll
	static void start() throws Exception {
		data = Files.createTempDirectory("order-flow");
		auth = ServiceProcess.start("auth-service", "flow-auth-service",
				Map.of("AUTH_JWT_SECRET", "suite-tests-only-secret-0123456789abcdef"));
		payment = ServiceProcess.start("payment-service", "flow-payment-service",
				Map.of("DATA_DIR", data.toString(), "AUTH_SERVICE_URI", auth.url("")));
		order = startOrderService("flow-order-service");
	}

	@AfterAll
	static void stop() throws Exception {
		for (ServiceProcess service : new ServiceProcess[] { order, payment, auth }) {
			if (service != null) {
				service.close();
			}
		}
	}

	@Test
	void loginOrderAndFetchOverRealHttp() throws Exception {
		String token = SuiteClient.login(auth);
		HttpResponse<String> placed = Http.postJson(order.url("/order"), ORDER, token, UUID.randomUUID().toString());
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		JsonNode created = json.readTree(placed.body());
		assertThat(created.path("status").asString()).isEqualTo("PAID");
		JsonNode fetched = json
			.readTree(Http.getAuthorized(order.url("/order/" + created.path("id").asString()), token).body());
		assertThat(fetched.path("paymentId").asString()).isEqualTo(created.path("paymentId").asString());
		JsonNode charge = json.readTree(
				Http.getAuthorized(payment.url("/payment/" + created.path("paymentId").asString()), token).body());
		assertThat(charge.path("orderId").asString()).isEqualTo(created.path("id").asString());
		assertThat(charge.path("amount").decimalValue()).isEqualByComparingTo("25.50");
	}

	@Test
	void forgedAndUnsignedTokensAreRefusedByTheRealAuthService() throws Exception {
		String token = SuiteClient.login(auth);
		String[] parts = token.split("\\.");
		String otherSubject = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"sub\":\"demo\"", "\"sub\":\"admin\"")
				.getBytes(StandardCharsets.UTF_8));
		String tampered = parts[0] + "." + otherSubject + "." + parts[2];
		String none = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
		for (String bad : List.of(tampered, none)) {
			HttpResponse<String> response = Http.postJson(order.url("/order"), ORDER, bad, null);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).contains("urn:o11ydemo:problem:invalid-token");
		}
	}

	@Test
	void oneOrderIsOneTraceAcrossTheThreeServices() throws Exception {
		String token = SuiteClient.login(auth);
		int before = order.accessLines("/order").size();
		assertThat(Http.postJson(order.url("/order"), ORDER, token, null).statusCode()).isEqualTo(201);
		List<JsonNode> orderLines = order.awaitAccessLines("/order", before + 1);
		String traceId = orderLines.get(orderLines.size() - 1).path("trace_id").asString();
		assertThat(traceId).matches("[0-9a-f]{32}");
		assertThat(auth.awaitAccessLines("/login/introspect", 1))
			.anySatisfy((line) -> assertThat(line.path("trace_id").asString()).isEqualTo(traceId));
		assertThat(payment.awaitAccessLines("/payment/charge", 1))
			.anySatisfy((line) -> assertThat(line.path("trace_id").asString()).isEqualTo(traceId));
	}

	@Test
	void runtimeFaultsOnPaymentShowInOrders() throws Exception {
		String token = SuiteClient.login(auth);
		try {
			assertThat(
					Http.postJson(payment.url("/actuator/faults"), "{\"failureRatio\":1.0}", null, null).statusCode())
				.isEqualTo(200);
			HttpResponse<String> failed = Http.postJson(order.url("/order"), ORDER, token, null);
			assertThat(failed.statusCode()).isEqualTo(502);
			JsonNode problem = json.readTree(failed.body());
			assertThat(problem.path("orderStatus").asString()).isEqualTo("PAYMENT_FAILED");
			JsonNode recorded = json
				.readTree(Http.getAuthorized(order.url("/order/" + problem.path("orderId").asString()), token).body());
			assertThat(recorded.path("status").asString()).isEqualTo("PAYMENT_FAILED");

			Http.send("DELETE", payment.url("/actuator/faults"));
			assertThat(Http.postJson(order.url("/order"), ORDER, token, null).statusCode()).isEqualTo(201);

			Http.postJson(payment.url("/actuator/faults"), "{\"latency\":\"600ms\"}", null, null);
			long start = System.nanoTime();
			assertThat(Http.postJson(order.url("/order"), ORDER, token, null).statusCode()).isEqualTo(201);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
		}
		finally {
			Http.send("DELETE", payment.url("/actuator/faults"));
		}
	}

	@Test
	void acceptedOrdersSurviveAKillAndACrash() throws Exception {
		String token = SuiteClient.login(auth);
		String beforeKill = placePaidOrder(token);
		order.kill();
		order = startOrderService("flow-order-service-after-kill");
		assertThat(orderStatus(beforeKill, token)).isEqualTo("PAID");

		String beforeCrash = placePaidOrder(token);
		try {
			order.get("/crash");
		}
		catch (IOException ex) {
			// the process dies mid-request
		}
		assertThat(order.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
		order = startOrderService("flow-order-service-after-crash");
		assertThat(orderStatus(beforeKill, token)).isEqualTo("PAID");
		assertThat(orderStatus(beforeCrash, token)).isEqualTo("PAID");
	}

	private static ServiceProcess startOrderService(String instance) throws Exception {
		return ServiceProcess.start("order-service", instance, Map.of("DATA_DIR", data.toString(), "AUTH_SERVICE_URI",
				auth.url(""), "PAYMENT_SERVICE_URI", payment.url("")));
	}

	private static String placePaidOrder(String token) throws Exception {
		HttpResponse<String> placed = Http.postJson(order.url("/order"), ORDER, token, UUID.randomUUID().toString());
		assertThat(placed.statusCode()).isEqualTo(201);
		return json.readTree(placed.body()).path("id").asString();
	}

	private static String orderStatus(String id, String token) throws Exception {
		HttpResponse<String> response = Http.getAuthorized(order.url("/order/" + id), token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).path("status").asString();
	}

}
