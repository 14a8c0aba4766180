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
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import dev.o11ydemo.observability.faults.FaultInjector;
import dev.o11ydemo.observability.faults.FaultsAutoConfiguration;
import dev.o11ydemo.observability.logging.AccessLogAutoConfiguration;
import dev.o11ydemo.observability.problems.ProblemsAutoConfiguration;
import dev.o11ydemo.observability.metrics.SeedMetrics;
import dev.o11ydemo.observability.metrics.SeedMetricsAutoConfiguration;
import dev.o11ydemo.observability.routes.CommonRoutesAutoConfiguration;
import dev.o11ydemo.observability.routes.ProcessTerminator;
import dev.o11ydemo.observability.web.CompletedRequestListener;
import dev.o11ydemo.observability.web.RequestObservationAutoConfiguration;

class ObservabilityAutoConfigurationTests {

	private static final AutoConfigurations SHARED = AutoConfigurations.of(RequestObservationAutoConfiguration.class,
			SeedMetricsAutoConfiguration.class, AccessLogAutoConfiguration.class, CommonRoutesAutoConfiguration.class,
			ProblemsAutoConfiguration.class, FaultsAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
		.withConfiguration(SHARED)
		.withPropertyValues("management.endpoints.web.exposure.include=prometheus,faults");

	@Test
	void enabledByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SeedMetrics.class)
				.hasSingleBean(SpanContext.class)
				.hasBean("metricsScrapeController")
				.hasBean("accessLog")
				.hasBean("commonRoutesController")
				.hasBean("faultRoutesController")
				.hasSingleBean(ProcessTerminator.class)
				.hasSingleBean(FaultInjector.class)
				.hasBean("faultsEndpoint")
				.hasBean("badRequestAdvice")
				.hasBean("requestBodyFilter")
				.hasBean("acceptHeaderFilter")
				.hasBean("strictJsonInput")
				.hasBean("problemErrorController")
				.hasBean("problemErrorReportValve")
				.hasBean("faultControlGuard")
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
				.doesNotHaveBean("commonRoutesController")
				.doesNotHaveBean("faultRoutesController")
				.doesNotHaveBean(FaultInjector.class)
				.doesNotHaveBean("badRequestAdvice")
				.doesNotHaveBean("requestBodyFilter")
				.doesNotHaveBean("problemErrorController")
				.doesNotHaveBean("faultControlGuard")
				.doesNotHaveBean("completedRequestObservationHandler");
			assertThat(context.getBeansOfType(SpanContext.class)).isEmpty();
		});
	}

	@Test
	void backsOffOutsideServletWebApplications() {
		new ApplicationContextRunner().withConfiguration(SHARED)
			.run((context) -> assertThat(context).doesNotHaveBean(SeedMetrics.class)
				.doesNotHaveBean("commonRoutesController")
				.doesNotHaveBean("completedRequestObservationHandler"));
	}

	@Test
	void faultRoutesCanBeSwitchedOff() {
		this.runner.withPropertyValues("observability.fault-routes.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("faultRoutesController")
				.doesNotHaveBean(ProcessTerminator.class)
				.doesNotHaveBean(FaultInjector.class)
				.doesNotHaveBean("faultsEndpoint")
				.doesNotHaveBean("faultControlGuard")
				.hasBean("commonRoutesController"));
	}

	@Test
	void aFaultTokenShorterThanSixteenCharactersStopsTheStart() {
		this.runner.withPropertyValues("observability.fault-routes.token=short-secret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("at least 16 characters"));
	}

	@Test
	void aBlankFaultTokenMeansNone() {
		this.runner.withPropertyValues("observability.fault-routes.token=  ")
			.run((context) -> assertThat(context).hasNotFailed().hasBean("faultControlGuard"));
	}

	@Test
	void aServiceMayReplaceTheErrorController() {
		ErrorController own = new ErrorController() {
		};
		this.runner.withBean(ErrorController.class, () -> own)
			.run((context) -> assertThat(context.getBean(ErrorController.class)).isSameAs(own));
	}

	@Test
	void tomcatErrorPagesBackOffWithoutTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader("org.apache.catalina"))
			.run((context) -> assertThat(context).doesNotHaveBean("problemErrorReportValve")
				.hasBean("problemErrorController"));
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
				.hasBean("commonRoutesController"));
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
	void accessLogBacksOffWithoutTheLogstashEncoder() {
		this.runner.withClassLoader(new FilteredClassLoader("net.logstash.logback"))
			.run((context) -> assertThat(context).doesNotHaveBean("accessLog").hasSingleBean(SeedMetrics.class));
	}

	@Test
	void scrapeRouteNeedsThePrometheusEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean("metricsScrapeController")
				.hasSingleBean(SeedMetrics.class));
	}

	@Test
	void aServiceMayReplaceTheTerminatorAndTheSpanContext() {
		ProcessTerminator own = (status) -> {
		};
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
		this.runner.withBean(ProcessTerminator.class, () -> own)
			.withBean(SpanContext.class, () -> ownSpanContext)
			.run((context) -> {
				assertThat(context.getBean(ProcessTerminator.class)).isSameAs(own);
				assertThat(context.getBean(SpanContext.class)).isSameAs(ownSpanContext);
			});
	}

	@Test
	void registersTheObservationHandlerForServerRequests() {
		this.runner.run((context) -> assertThat(context.getBeansOfType(ObservationHandler.class))
			.containsKey("completedRequestObservationHandler"));
	}

}
