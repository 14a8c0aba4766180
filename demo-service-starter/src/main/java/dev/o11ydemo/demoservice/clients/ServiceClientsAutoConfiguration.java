package dev.o11ydemo.demoservice.clients;

import feign.hc5.ApacheHttp5Client;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.core5.pool.ConnPoolControl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.openfeign.clientconfig.HttpClient5FeignConfiguration.HttpClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import dev.o11ydemo.demoservice.ConditionalOnDemoServiceEnabled;

/**
 * Calls to the suite's other services through Feign's Apache HttpClient 5, in services
 * that have feign-hc5: its pooled keep-alive connections must survive a peer's restart.
 * See {@link ClosedConnectionRetryStrategy};
 * {@code demo.service-clients.retry-closed-connections=false} switches the retry off.
 */
@AutoConfiguration
@ConditionalOnDemoServiceEnabled
@ConditionalOnClass({ ApacheHttp5Client.class, HttpClientBuilderCustomizer.class })
@ConditionalOnBooleanProperty(prefix = "demo.service-clients", name = "retry-closed-connections", matchIfMissing = true)
public final class ServiceClientsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "closedConnectionRetry")
	HttpClientBuilderCustomizer closedConnectionRetry(ObjectProvider<HttpClientConnectionManager> connections) {
		ConnPoolControl<?> pool = (connections.getIfAvailable() instanceof ConnPoolControl<?> control) ? control : null;
		return (builder) -> builder.setRetryStrategy(new ClosedConnectionRetryStrategy(pool));
	}

}
