package dev.o11ydemo.demoservice.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

/** Against the suite's own list, which the build bundles from scripts/services. */
class ServiceClientDefaultsTests {

	private static final String PAYMENT = "spring.cloud.openfeign.client.config.payment-service.";

	private static final String AUTH = "spring.cloud.openfeign.client.config.auth-service.";

	private static final String POOL = "spring.cloud.openfeign.httpclient.";

	private static final int THREADS = 64;

	@Test
	void aCallerFindsEachServiceItCallsAtItsPortOnLocalhostByDefault() {
		StandardEnvironment environment = environment("order-service", Map.of());
		assertThat(environment.getProperty(PAYMENT + "url")).isEqualTo("http://localhost:8083");
		assertThat(environment.getProperty(AUTH + "url")).isEqualTo("http://localhost:8081");
	}

	@Test
	void theListsVariableAndTheTimeoutsNamedAfterItOverrideTheDefaults() {
		StandardEnvironment environment = environment("order-service",
				Map.of("PAYMENT_SERVICE_URI", "http://payment:80", "PAYMENT_SERVICE_CONNECT_TIMEOUT_MS", "700",
						"PAYMENT_SERVICE_READ_TIMEOUT_MS", "900"));
		assertThat(environment.getProperty(PAYMENT + "url")).isEqualTo("http://payment:80");
		assertThat(environment.getProperty(PAYMENT + "connect-timeout")).isEqualTo("700");
		assertThat(environment.getProperty(PAYMENT + "read-timeout")).isEqualTo("900");
	}

	@Test
	void aCallerWaitsLongerForAServiceThanThatServiceWaitsForItsOwnCalls() {
		StandardEnvironment order = environment("order-service", Map.of());
		StandardEnvironment payment = environment("payment-service", Map.of());
		assertThat(payment.getProperty(AUTH + "read-timeout")).isEqualTo("3000");
		assertThat(order.getProperty(AUTH + "read-timeout")).isEqualTo("3000");
		assertThat(order.getProperty(PAYMENT + "read-timeout")).isEqualTo("5000");
		assertThat(order.getProperty(PAYMENT + "connect-timeout")).isEqualTo("2000");
	}

	@Test
	void aCallerPoolsAConnectionPerRequestThreadToEachServiceItCalls() {
		StandardEnvironment order = environment("order-service", Map.of());
		StandardEnvironment serviceA = environment("service-a", Map.of());
		assertThat(order.getProperty(POOL + "max-connections-per-route")).isEqualTo("64");
		assertThat(order.getProperty(POOL + "max-connections")).isEqualTo("128");
		assertThat(serviceA.getProperty(POOL + "max-connections-per-route")).isEqualTo("64");
		assertThat(serviceA.getProperty(POOL + "max-connections")).isEqualTo("64");
		assertThat(ServiceClientDefaults.of("service-a", 10)).containsEntry(POOL + "max-connections-per-route", 10)
			.containsEntry(POOL + "max-connections", 10);
	}

	@Test
	void aServiceThatCallsNoneOrIsNotListedGetsNoClientSettings() {
		assertThat(ServiceClientDefaults.of("auth-service", THREADS)).isEmpty();
		assertThat(ServiceClientDefaults.of("not-in-the-list", THREADS)).isEmpty();
	}

	private static StandardEnvironment environment(String application, Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		MockPropertySource given = new MockPropertySource();
		variables.forEach(given::withProperty);
		environment.getPropertySources().addFirst(given);
		environment.getPropertySources()
			.addLast(new MapPropertySource("clients", ServiceClientDefaults.of(application, THREADS)));
		return environment;
	}

}
