package dev.o11ydemo.observability.routes;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.o11ydemo.observability.ConditionalOnObservabilityEnabled;
import dev.o11ydemo.observability.ObservabilityProperties;

/**
 * The original services' common routes ({@code /healthy}, {@code /logs}) and, unless
 * switched off, the fault routes.
 */
@AutoConfiguration
@ConditionalOnObservabilityEnabled
@EnableConfigurationProperties(ObservabilityProperties.class)
public final class CommonRoutesAutoConfiguration {

	@Bean
	CommonRoutesController commonRoutesController(Environment environment) {
		return new CommonRoutesController(environment.getProperty("spring.application.name", "application"));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "observability.fault-routes", name = "enabled", havingValue = "true",
			matchIfMissing = true)
	static class FaultRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProcessTerminator processTerminator() {
			return ProcessTerminator.halt();
		}

		@Bean
		FaultRoutesController faultRoutesController(ProcessTerminator terminator, ObservabilityProperties properties) {
			return new FaultRoutesController(terminator, properties.faultRoutes().exampleMaxDelay());
		}

	}

}
