package dev.o11ydemo.observability.logging;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.o11ydemo.observability.ConditionalOnObservabilityEnabled;

/**
 * The per-request access log; {@code observability.logging.access-log=false} switches it
 * off, and a service may replace it with its own bean named {@code accessLog}.
 */
@AutoConfiguration
@ConditionalOnObservabilityEnabled
@ConditionalOnBooleanProperty(prefix = "observability.logging", name = "access-log", matchIfMissing = true)
public final class AccessLogAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "accessLog")
	AccessLog accessLog() {
		return new AccessLog();
	}

}
