package dev.o11ydemo.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import dev.o11ydemo.observability.logging.AccessLogAutoConfiguration;
import dev.o11ydemo.observability.metrics.SeedMetrics;
import dev.o11ydemo.observability.metrics.SeedMetricsAutoConfiguration;
import dev.o11ydemo.observability.web.CompletedRequestListener;
import dev.o11ydemo.observability.web.RequestObservationAutoConfiguration;

class ObservabilityAutoConfigurationTests {

	private static final AutoConfigurations OBSERVABILITY = AutoConfigurations.of(
			RequestObservationAutoConfiguration.class, SeedMetricsAutoConfiguration.class,
			AccessLogAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
		.withConfiguration(OBSERVABILITY)
		.withPropertyValues("management.endpoints.web.exposure.include=prometheus");

	@Test
	void enabledByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SeedMetrics.class)
				.hasSingleBean(SpanContext.class)
				.hasSingleBean(ObservabilityProperties.class)
				.hasBean("metricsScrapeController")
				.hasBean("accessLog")
				.hasBean("completedRequestObservationHandler");
			assertThat(context.getBeansOfType(CompletedRequestListener.class)).hasSize(2);
		});
	}

	@Test
	void backsOffEntirelyWhenDisabled() {
		this.runner.withPropertyValues("observability.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SeedMetrics.class)
				.doesNotHaveBean("metricsScrapeController")
				.doesNotHaveBean("accessLog")
				.doesNotHaveBean("completedRequestObservationHandler");
			assertThat(context.getBeansOfType(SpanContext.class)).isEmpty();
		});
	}

	@Test
	void backsOffOutsideServletWebApplications() {
		new ApplicationContextRunner().withConfiguration(OBSERVABILITY)
			.run((context) -> assertThat(context).doesNotHaveBean(SeedMetrics.class)
				.doesNotHaveBean("accessLog")
				.doesNotHaveBean("completedRequestObservationHandler"));
	}

	@Test
	void accessLogCanBeSwitchedOff() {
		this.runner.withPropertyValues("observability.logging.access-log=false")
			.run((context) -> assertThat(context).doesNotHaveBean("accessLog").hasSingleBean(SeedMetrics.class));
	}

	@Test
	void metricsBackOffWithoutThePrometheusRegistryOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(PrometheusMeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SeedMetrics.class)
				.doesNotHaveBean("metricsScrapeController")
				.hasBean("accessLog"));
	}

	@Test
	void exemplarsBackOffWithoutTheOpenTelemetryApi() {
		this.runner.withClassLoader(new FilteredClassLoader("io.opentelemetry.api"))
			.run((context) -> assertThat(context.getBeansOfType(SpanContext.class)).isEmpty());
	}

	@Test
	void requestHookBacksOffWithoutSpringMvcObservations() {
		this.runner.withClassLoader(new FilteredClassLoader(ServerRequestObservationContext.class))
			.run((context) -> assertThat(context).doesNotHaveBean("completedRequestObservationHandler"));
	}

	@Test
	void scrapeRouteNeedsThePrometheusEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean("metricsScrapeController")
				.hasSingleBean(SeedMetrics.class));
	}

	@Test
	void aServiceMayReplaceTheSpanContextAndTheAccessLog() {
		SpanContext ownSpanContext = new SpanContext() {
			public String getCurrentTraceId() {
				return null;
			}

			public String getCurrentSpanId() {
				return null;
			}

			public boolean isCurrentSpanSampled() {
				return false;
			}

			public void markCurrentSpanAsExemplar() {
			}
		};
		CompletedRequestListener ownAccessLog = (request) -> {
		};
		this.runner.withBean(SpanContext.class, () -> ownSpanContext)
			.withBean("accessLog", CompletedRequestListener.class, () -> ownAccessLog)
			.run((context) -> {
				assertThat(context.getBean(SpanContext.class)).isSameAs(ownSpanContext);
				assertThat(context.getBean("accessLog")).isSameAs(ownAccessLog);
				assertThat(context.getBeansOfType(CompletedRequestListener.class)).hasSize(2);
			});
	}

	@Test
	void registersTheObservationHandlerForServerRequests() {
		this.runner.run((context) -> assertThat(context.getBeansOfType(ObservationHandler.class))
			.containsKey("completedRequestObservationHandler"));
	}

}
