package dev.o11ydemo.order.order;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The input contract on the embedded H2, the default. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class H2OrderInputTests extends OrderInputContract {

	@DynamicPropertySource
	static void dependencies(DynamicPropertyRegistry registry) {
		stubs.register(registry);
	}

}
