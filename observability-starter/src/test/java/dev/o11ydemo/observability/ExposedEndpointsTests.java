package dev.o11ydemo.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

class ExposedEndpointsTests {

	@Test
	void theEndpointsOfEveryCallAreExposedSortedAndOnce() {
		StandardEnvironment environment = new StandardEnvironment();
		ExposedEndpoints.add(environment, "prometheus", "health");
		ExposedEndpoints.add(environment, "health", "faults");
		assertThat(environment.getProperty(ExposedEndpoints.PROPERTY)).isEqualTo("faults,health,prometheus");
	}

	@Test
	void otherDefaultPropertiesAreKept() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(new DefaultPropertiesPropertySource(Map.of("app.kept", "yes")));
		ExposedEndpoints.add(environment, "health");
		assertThat(environment.getProperty("app.kept")).isEqualTo("yes");
	}

	@Test
	void aServiceOrTheEnvironmentStillDecides() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty(ExposedEndpoints.PROPERTY, "health"));
		ExposedEndpoints.add(environment, "health", "faults");
		assertThat(environment.getProperty(ExposedEndpoints.PROPERTY)).isEqualTo("health");
	}

}
