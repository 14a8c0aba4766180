package dev.o11ydemo.observability.web;

import io.micrometer.observation.ObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import dev.o11ydemo.observability.ConditionalOnObservabilityEnabled;
import dev.o11ydemo.observability.ObservabilityProperties;

/**
 * Turns Spring MVC's request observations into {@link CompletedRequest} events for the
 * {@link CompletedRequestListener} beans (the seed metrics and the access log).
 */
@AutoConfiguration
@ConditionalOnObservabilityEnabled
@ConditionalOnClass({ ObservationHandler.class, ServerRequestObservationContext.class })
@EnableConfigurationProperties(ObservabilityProperties.class)
public final class RequestObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "completedRequestObservationHandler")
	ObservationHandler<ServerRequestObservationContext> completedRequestObservationHandler(
			ObjectProvider<CompletedRequestListener> listeners) {
		return new CompletedRequestObservationHandler(listeners.orderedStream().toList());
	}

}
