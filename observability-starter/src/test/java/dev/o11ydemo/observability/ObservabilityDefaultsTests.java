package dev.o11ydemo.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

class ObservabilityDefaultsTests {

	@Test
	void addsTheSuiteDefaultsBelowEverythingElse() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("management.endpoints.web.exposure.include", "health"));
		new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(ObservabilityDefaults.PROPERTY_SOURCE_NAME);
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
		assertThat(environment.getProperty("spring.mvc.problemdetails.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.web.resources.add-mappings")).isEqualTo("false");
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
		assertThat(environment.getProperty("server.tomcat.threads.max")).isEqualTo("64");
		assertThat(environment.getProperty("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout"))
			.isEqualTo("2");
		assertThat(environment.getProperty("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout-unit"))
			.isEqualTo("seconds");
	}

	@Test
	void tagsEveryMetricWithTheApplicationName() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("spring.application.name", "service-x"));
		new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("service-x");
	}

	@Test
	void addsNothingWhenObservabilityIsDisabled() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("observability.enabled", "false"));
		new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(ObservabilityDefaults.PROPERTY_SOURCE_NAME)).isFalse();
	}

}
