package dev.o11ydemo.order.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.o11ydemo.order.OrderServiceApplication;

/**
 * Two order-service instances, as two replicas behind a load balancer, sharing one
 * database: the same Idempotency-Key sent to both at once yields one order and one
 * charge, because the database decides.
 */
class TwoInstancesTests {

	private static final String DATABASE = "jdbc:h2:mem:two-instances;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
			+ "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

	private static Stubs stubs;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() {
		stubs = Stubs.start();
		first = instance();
		second = instance();
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
		stubs.auth.close();
		stubs.payment.close();
	}

	@Test
	void oneKeySentToBothReplicasAtOnceMakesOneOrderAndOneCharge() throws Exception {
		List<OrderApi> replicas = List.of(new OrderApi(port(first)), new OrderApi(port(second)));
		for (int round = 0; round < 5; round++) {
			String key = UUID.randomUUID().toString();
			int chargesBefore = stubs.chargeRequests.get();
			CountDownLatch go = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(10);
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				OrderApi replica = replicas.get(i % 2);
				responses.add(pool.submit(() -> {
					go.await();
					return replica.place(Stubs.ALICE, key, OrderApi.ORDER);
				}));
			}
			go.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<HttpResponse<String>> response : responses) {
				statuses.add(response.get().statusCode());
			}
			pool.shutdownNow();
			assertThat(statuses).isSubsetOf(201, 200, 409);
			assertThat(statuses).filteredOn((status) -> status == 201).hasSize(1);
			assertThat(new StoredOrders(first.getBean(JdbcClient.class)).withKey(key)).hasSize(1);
			assertThat(stubs.chargeRequests.get() - chargesBefore).isEqualTo(1);
		}
	}

	private static ConfigurableApplicationContext instance() {
		// Command-line arguments, like a replica's environment, outrank application.yml.
		return new SpringApplicationBuilder(OrderServiceApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + DATABASE,
				"--spring.cloud.openfeign.client.config.auth-service.url=" + stubs.auth.url(),
				"--spring.cloud.openfeign.client.config.payment-service.url=" + stubs.payment.url());
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
