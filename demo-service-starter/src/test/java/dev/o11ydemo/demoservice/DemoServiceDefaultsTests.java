package dev.o11ydemo.demoservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import dev.o11ydemo.observability.ExposedEndpoints;

class DemoServiceDefaultsTests {

	@Test
	void addsTheServiceDefaultsBelowEverythingButBootsDefaultProperties() {
		StandardEnvironment environment = environment("server.tomcat.threads.max", "32");
		assertThat(environment.getPropertySources().stream().map(PropertySource::getName))
			.endsWith(DemoServiceDefaults.PROPERTY_SOURCE_NAME, DefaultPropertiesPropertySource.NAME);
		assertThat(environment.getProperty("server.tomcat.threads.max")).isEqualTo("32");
		assertThat(environment.getProperty("spring.mvc.problemdetails.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.servlet.multipart.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout"))
			.isEqualTo("2");
		assertThat(environment.getProperty("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout-unit"))
			.isEqualTo("seconds");
	}

	@Test
	void capsRequestThreadsAt64() {
		assertThat(environment("spring.application.name", "service-x").getProperty("server.tomcat.threads.max"))
			.isEqualTo("64");
	}

	@Test
	void sizesTheConnectionPoolToEachCalledServiceByTheRequestThreadsWhateverTheirNumber() {
		assertThat(environment("spring.application.name", "service-a")
			.getProperty("spring.cloud.openfeign.httpclient.max-connections-per-route")).isEqualTo("64");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("spring.application.name", "order-service")
				.withProperty("server.tomcat.threads.max", "100"));
		new DemoServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cloud.openfeign.httpclient.max-connections-per-route"))
			.isEqualTo("100");
		assertThat(environment.getProperty("spring.cloud.openfeign.httpclient.max-connections")).isEqualTo("200");
	}

	@Test
	void capsConnectionsBelowWhatThePodsHeapHolds() {
		assertThat(environment("spring.application.name", "service-x").getProperty("server.tomcat.max-connections"))
			.isEqualTo("2048");
	}

	@Test
	void exposesTheFaultsEndpointAndTheProbesHealthEvenWithoutTheObservabilityStarter() {
		assertThat(environment("observability.enabled", "false").getProperty(ExposedEndpoints.PROPERTY))
			.isEqualTo("faults,health");
	}

	@Test
	void addsNothingWhenDisabled() {
		StandardEnvironment environment = environment("demo.enabled", "false");
		assertThat(environment.getPropertySources().contains(DemoServiceDefaults.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(environment.getProperty(ExposedEndpoints.PROPERTY)).isNull();
	}

	private static StandardEnvironment environment(String name, String value) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MockPropertySource().withProperty(name, value));
		new DemoServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
