package dev.o11ydemo.observability.problems;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

import dev.o11ydemo.observability.ConditionalOnObservabilityEnabled;
import dev.o11ydemo.observability.ObservabilityProperties;

/**
 * Bad input gets a 4xx RFC 9457 problem that names the wrong field, and oversized bodies a 413, in every service.
 */
@AutoConfiguration
@ConditionalOnObservabilityEnabled
@EnableConfigurationProperties(ObservabilityProperties.class)
public final class ProblemsAutoConfiguration {

	@Bean
	BadRequestAdvice badRequestAdvice() {
		return new BadRequestAdvice();
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ObservabilityProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.maxRequestBody().toBytes()));
		// After the observation filter, so refused requests still count in the metrics and the access log.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
