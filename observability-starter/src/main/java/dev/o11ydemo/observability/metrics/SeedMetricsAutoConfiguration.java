package dev.o11ydemo.observability.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.o11ydemo.observability.ConditionalOnObservabilityEnabled;

/**
 * The seed metrics, {@code GET /metrics} and trace exemplars.
 */
@AutoConfiguration(
		after = { PrometheusMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnObservabilityEnabled
@ConditionalOnClass({ MeterRegistry.class, PrometheusMeterRegistry.class })
public final class SeedMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MeterRegistry.class)
	SeedMetrics seedMetrics(MeterRegistry registry) {
		return new SeedMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "io.opentelemetry.api.trace.Span")
	SpanContext openTelemetrySpanContext() {
		return new OpenTelemetrySpanContext();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(PrometheusScrapeEndpoint.class)
	static class MetricsRouteConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "metricsScrapeController")
		MetricsScrapeController metricsScrapeController(PrometheusScrapeEndpoint endpoint) {
			return new MetricsScrapeController(endpoint);
		}

	}

}
