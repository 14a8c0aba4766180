package dev.o11ydemo.order.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the order API accepts, it stores as sent, and what a database cannot store as sent
 * it refuses with a 400 naming the field, on every database the service runs on: the same
 * answers on H2 and on PostgreSQL, never a 500 on one of them. Over real HTTP, with
 * auth-service and payment-service stubbed ({@link Stubs}).
 */
abstract class OrderInputContract {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * One pair for both databases' contexts, which stay cached side by side; they end
	 * with the test JVM.
	 */
	static final Stubs stubs = Stubs.start();

	@LocalServerPort
	int port;

	StoredOrders stored;

	@BeforeEach
	void stored(@Autowired JdbcClient jdbc) {
		this.stored = new StoredOrders(jdbc);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"NUL in the item          | {\"item\":\"bo\\u0000ok\",\"quantity\":1,\"amount\":5,\"currency\":\"EUR\"} | item",
			"unpaired surrogate       | {\"item\":\"book\\ud800\",\"quantity\":1,\"amount\":5,\"currency\":\"EUR\"} | item",
			"quantity as a string     | {\"item\":\"book\",\"quantity\":\"2\",\"amount\":5,\"currency\":\"EUR\"}    | quantity",
			"fractional quantity      | {\"item\":\"book\",\"quantity\":2.5,\"amount\":5,\"currency\":\"EUR\"}      | quantity",
			"amount as a string       | {\"item\":\"book\",\"quantity\":1,\"amount\":\"5\",\"currency\":\"EUR\"}    | amount" })
	void refusesInputItCannotKeepAsSentWith400NamingTheField(String label, String body, String field) throws Exception {
		long before = this.stored.count();
		HttpResponse<String> response = new OrderApi(this.port).place(Stubs.ALICE, null, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("urn:o11ydemo:problem:invalid-request");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(this.stored.count()).isEqualTo(before);
	}

	@Test
	void storesTheLargestAndMostUnusualOrderItAcceptsAsSent() throws Exception {
		String item = "\ud83d\udcda".repeat(40) + " caf\u00e9 \u4e66 \u0416";
		String body = "{\"item\":\"" + item + "\",\"quantity\":1000,\"amount\":1000000.00,\"currency\":\"JPY\"}";
		HttpResponse<String> placed = new OrderApi(this.port).place(Stubs.ALICE, "k".repeat(255), body);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String id = json.readTree(placed.body()).path("id").asString();
		Order order = this.stored.byId(id);
		assertThat(order.item()).isEqualTo(item);
		assertThat(order.quantity()).isEqualTo(1000);
		assertThat(order.amount()).isEqualByComparingTo("1000000");
		assertThat(order.idempotencyKey()).hasSize(255);
	}

}
