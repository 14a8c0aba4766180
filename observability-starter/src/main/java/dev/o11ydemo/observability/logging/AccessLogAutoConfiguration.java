package dev.o11ydemo.observability.logging;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import dev.o11ydemo.observability.ConditionalOnObservabilityEnabled;

/**
 * The per-request access log; {@code observability.logging.access-log=false} switches it
 * off.
 */
@AutoConfiguration
@ConditionalOnObservabilityEnabled
@ConditionalOnClass(name = "net.logstash.logback.argument.StructuredArguments")
@ConditionalOnProperty(prefix = "observability.logging", name = "access-log", havingValue = "true",
		matchIfMissing = true)
public final class AccessLogAutoConfiguration {

	@Bean
	AccessLog accessLog() {
		return new AccessLog();
	}

}
