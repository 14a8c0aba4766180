package dev.o11ydemo.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

class ObservabilityDefaultsTests {

	@Test
	void addsTheSuiteDefaultsBelowEverythingButBootsDefaultProperties() {
		StandardEnvironment environment = environment("management.endpoints.web.exposure.include", "health");
		assertThat(environment.getPropertySources().stream().map(PropertySource::getName))
			.endsWith(ObservabilityDefaults.PROPERTY_SOURCE_NAME, DefaultPropertiesPropertySource.NAME);
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
		assertThat(environment.getProperty("spring.web.resources.add-mappings")).isEqualTo("false");
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
	}

	@Test
	void exposesHealthInfoAndPrometheus() {
		assertThat(environment("spring.application.name", "service-x").getProperty(ExposedEndpoints.PROPERTY))
			.isEqualTo("health,info,prometheus");
	}

	@Test
	void tagsEveryMetricWithTheApplicationName() {
		StandardEnvironment environment = environment("spring.application.name", "service-x");
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("service-x");
	}

	@Test
	void logsAreJsonByDefaultWithTheSuiteFieldNames() {
		StandardEnvironment environment = environment("spring.application.name", "service-x");
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
		assertThat(environment.getProperty("logging.structured.json.add.service")).isEqualTo("service-x");
		assertThat(environment.getProperty("logging.pattern.console")).isNull();
	}

	@Test
	void plainLogsInAnyCaseUseTheReadablePattern() {
		StandardEnvironment environment = environment("observability.logging.format", " Plain ");
		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
		assertThat(environment.getProperty("logging.pattern.console")).contains("[%X{trace_id:-}]");
	}

	@Test
	void aMistypedFormatKeepsJson() {
		StandardEnvironment environment = environment("observability.logging.format", "plian");
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
	}

	@Test
	void aServiceMayChooseItsOwnStructuredFormat() {
		StandardEnvironment environment = environment("logging.structured.format.console", "ecs");
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
	}

	@Test
	void addsNothingWhenObservabilityIsDisabled() {
		StandardEnvironment environment = environment("observability.enabled", "false");
		assertThat(environment.getPropertySources().contains(ObservabilityDefaults.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(environment.getProperty(ExposedEndpoints.PROPERTY)).isNull();
	}

	private static StandardEnvironment environment(String name, String value) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MockPropertySource().withProperty(name, value));
		new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
