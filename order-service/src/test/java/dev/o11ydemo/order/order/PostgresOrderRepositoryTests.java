package dev.o11ydemo.order.order;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o11ydemo.testsupport.TestPostgres;

/**
 * The repository contract on a real PostgreSQL, the production choice (see
 * {@link TestPostgres}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
class PostgresOrderRepositoryTests extends OrderRepositoryContract {

	@BeforeAll
	static void postgresIsReachable() {
		TestPostgres.requireReachable();
	}

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestPostgres.register(registry, "order_tests");
	}

}
