package dev.o11ydemo.demoservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import feign.RequestInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.error.ErrorController;

import dev.o11ydemo.demoservice.faults.FaultApplier;
import dev.o11ydemo.demoservice.faults.FaultInjector;
import dev.o11ydemo.demoservice.faults.FaultSetting;
import dev.o11ydemo.demoservice.faults.FaultsAutoConfiguration;
import dev.o11ydemo.demoservice.problems.ProblemsAutoConfiguration;
import dev.o11ydemo.demoservice.routes.CommonRoutesAutoConfiguration;
import dev.o11ydemo.demoservice.routes.ProcessTerminator;
import dev.o11ydemo.observability.logging.AccessLogAutoConfiguration;
import dev.o11ydemo.observability.metrics.SeedMetrics;
import dev.o11ydemo.observability.metrics.SeedMetricsAutoConfiguration;
import dev.o11ydemo.observability.web.RequestObservationAutoConfiguration;

class DemoServiceAutoConfigurationTests {

	private static final AutoConfigurations DEMO_SERVICE = AutoConfigurations.of(CommonRoutesAutoConfiguration.class,
			ProblemsAutoConfiguration.class, FaultsAutoConfiguration.class);

	private static final AutoConfigurations OBSERVABILITY = AutoConfigurations.of(
			RequestObservationAutoConfiguration.class, SeedMetricsAutoConfiguration.class,
			AccessLogAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
		.withConfiguration(DEMO_SERVICE)
		.withPropertyValues("management.endpoints.web.exposure.include=prometheus,faults");

	@Test
	void enabledByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DemoServiceProperties.class)
			.hasBean("commonRoutesController")
			.hasBean("faultRoutesController")
			.hasBean("exampleGaugeConfigurer")
			.hasSingleBean(ProcessTerminator.class)
			.hasSingleBean(FaultInjector.class)
			.hasBean("faultActiveGauges")
			.hasBean("faultCpuBurner")
			.hasBean("faultHeapPressure")
			.hasBean("dependencyFaultInterceptor")
			.hasBean("faultsEndpoint")
			.hasBean("badRequestAdvice")
			.hasBean("requestBodyFilter")
			.hasBean("acceptHeaderFilter")
			.hasBean("strictJsonInput")
			.hasBean("problemErrorController")
			.hasBean("problemErrorReportValve")
			.hasBean("faultControlGuard"));
	}

	@Test
	void backsOffEntirelyWhenDisabled() {
		this.runner.withPropertyValues("demo.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("commonRoutesController")
				.doesNotHaveBean("faultRoutesController")
				.doesNotHaveBean(FaultInjector.class)
				.doesNotHaveBean("badRequestAdvice")
				.doesNotHaveBean("requestBodyFilter")
				.doesNotHaveBean("problemErrorController")
				.doesNotHaveBean("faultControlGuard"));
	}

	@Test
	void offAloneLeavesTheObservabilityStarterInPlace() {
		this.runner.withConfiguration(OBSERVABILITY)
			.withPropertyValues("demo.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("requestBodyFilter")
				.doesNotHaveBean("commonRoutesController")
				.hasSingleBean(SeedMetrics.class)
				.hasBean("metricsScrapeController")
				.hasBean("accessLog")
				.hasBean("completedRequestObservationHandler"));
	}

	@Test
	void observabilityOffAloneLeavesTheDemoServiceInPlace() {
		this.runner.withConfiguration(OBSERVABILITY)
			.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SeedMetrics.class)
				.doesNotHaveBean("accessLog")
				.hasBean("requestBodyFilter")
				.hasBean("badRequestAdvice")
				.hasBean("faultControlGuard")
				.hasBean("commonRoutesController")
				.hasBean("faultRoutesController"));
	}

	@Test
	void backsOffOutsideServletWebApplications() {
		new ApplicationContextRunner().withConfiguration(DEMO_SERVICE)
			.run((context) -> assertThat(context).doesNotHaveBean("commonRoutesController")
				.doesNotHaveBean("requestBodyFilter"));
	}

	@Test
	void faultRoutesCanBeSwitchedOff() {
		this.runner.withPropertyValues("demo.fault-routes.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("faultRoutesController")
				.doesNotHaveBean("exampleGaugeConfigurer")
				.doesNotHaveBean(ProcessTerminator.class)
				.doesNotHaveBean(FaultInjector.class)
				.doesNotHaveBean("faultsEndpoint")
				.doesNotHaveBean("faultControlGuard")
				.hasBean("commonRoutesController")
				.hasBean("requestBodyFilter"));
	}

	@Test
	void theReadinessFaultNeedsSpringBootsApplicationAvailability() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("faultReadiness"));
		this.runner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
			.run((context) -> assertThat(context).hasBean("faultReadiness"));
	}

	@Test
	void everyFaultApplierBeanIsCalledWithTheStartingFaultsAndEveryChange() {
		List<FaultInjector.Settings> applied = new CopyOnWriteArrayList<>();
		this.runner.withPropertyValues("demo.faults.failure-ratio=0.25")
			.withBean("recordingApplier", FaultApplier.class, () -> applied::add)
			.run((context) -> {
				context.getBean(FaultInjector.class)
					.update(FaultInjector.Change.of(Map.of(FaultSetting.FAILURE_RATIO, 0.5)));
				assertThat(applied).extracting(FaultInjector.Settings::failureRatio).containsExactly(0.25, 0.5);
			});
	}

	@Test
	void theStartersOwnAppliersAreAmongThemTheCpuFaultBurnsFromTheStart() throws InterruptedException {
		this.runner.withPropertyValues("demo.faults.cpu=0.1")
			.run((context) -> assertThat(cpuFaultThreads()).isPositive());
		// The burner's threads finish their current slice after the context closes it.
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (cpuFaultThreads() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(cpuFaultThreads()).as("stopped with the context").isZero();
	}

	private static long cpuFaultThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("fault-cpu-"))
			.count();
	}

	@Test
	void dependencyFaultsNeedFeign() {
		this.runner.withClassLoader(new FilteredClassLoader(RequestInterceptor.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("dependencyFaultInterceptor")
				.hasSingleBean(FaultInjector.class));
	}

	@Test
	void aFaultTokenShorterThanSixteenCharactersStopsTheStart() {
		this.runner.withPropertyValues("demo.fault-routes.token=short-secret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("at least 16 characters"));
	}

	@Test
	void aBlankFaultTokenMeansNone() {
		this.runner.withPropertyValues("demo.fault-routes.token=  ")
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
	void aServiceMayReplaceTheTerminatorAndTheBadRequestAdvice() {
		ProcessTerminator own = (status) -> {
		};
		this.runner.withBean(ProcessTerminator.class, () -> own)
			.withBean("badRequestAdvice", Object.class, Object::new)
			.run((context) -> {
				assertThat(context.getBean(ProcessTerminator.class)).isSameAs(own);
				assertThat(context.getBean("badRequestAdvice").getClass()).isEqualTo(Object.class);
			});
	}

	@Test
	void tomcatErrorPagesBackOffWithoutTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader("org.apache.catalina"))
			.run((context) -> assertThat(context).doesNotHaveBean("problemErrorReportValve")
				.hasBean("problemErrorController"));
	}

}
