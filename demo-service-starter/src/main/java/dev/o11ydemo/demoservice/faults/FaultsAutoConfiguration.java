package dev.o11ydemo.demoservice.faults;

import java.time.Clock;

import feign.RequestInterceptor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.o11ydemo.demoservice.ConditionalOnDemoServiceEnabled;
import dev.o11ydemo.demoservice.DemoServiceFilters;
import dev.o11ydemo.demoservice.DemoServiceProperties;

/**
 * Runtime fault injection: latency and a failure ratio on the service's routes, CPU burn,
 * heap held on to, a failing readiness probe and faults on the calls to a dependency, set
 * at start from {@code demo.faults.*} and changed through {@code /actuator/faults}, each
 * visible in the {@code fault_active} gauge; and the guard that keeps the fault controls
 * that change state ({@code /crash} and those changes) from strangers. Off, with the
 * fault routes, when {@code demo.fault-routes.enabled=false}.
 */
@AutoConfiguration(after = ApplicationAvailabilityAutoConfiguration.class)
@ConditionalOnDemoServiceEnabled
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnBooleanProperty(prefix = "demo.fault-routes", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(DemoServiceProperties.class)
public final class FaultsAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(FaultsAutoConfiguration.class);

	/** A guessable token would be no credential. */
	static final int MIN_TOKEN_LENGTH = 16;

	@Bean
	@ConditionalOnMissingBean
	FaultInjector faultInjector(DemoServiceProperties properties, ListableBeanFactory beans,
			ObjectProvider<FaultApplier> appliers) {
		return new FaultInjector(configured(properties.faults()), new FeignDependencies(beans), Clock.systemUTC(),
				appliers.orderedStream().toList());
	}

	/**
	 * The faults {@code demo.faults.*} set: a value per {@link FaultSetting}, which the
	 * tests hold the properties record to.
	 */
	static FaultInjector.Settings configured(DemoServiceProperties.Faults faults) {
		return FaultInjector.Settings.none()
			.with(FaultSetting.LATENCY, faults.latency())
			.with(FaultSetting.FAILURE_RATIO, faults.failureRatio())
			.with(FaultSetting.CPU, faults.cpu())
			.with(FaultSetting.HEAP, faults.heap())
			.with(FaultSetting.READY, faults.ready());
	}

	/**
	 * The injector's state as a gauge per kind of fault, 1 while it is active: one series
	 * per kind, whatever the clients send.
	 */
	@Bean
	MeterBinder faultActiveGauges(FaultInjector injector) {
		return (registry) -> {
			for (FaultInjector.Kind kind : FaultInjector.Kind.all()) {
				Gauge.builder("fault.active", injector, (faults) -> faults.current().active().contains(kind) ? 1 : 0)
					.tag("kind", kind.label())
					.description("Whether a fault of this kind is injected (/actuator/faults)")
					.register(registry);
			}
		};
	}

	@Bean
	CpuBurner faultCpuBurner() {
		return new CpuBurner(Runtime.getRuntime().availableProcessors());
	}

	@Bean
	HeapPressure faultHeapPressure() {
		return new HeapPressure();
	}

	@Bean
	@ConditionalOnBean(ApplicationAvailability.class)
	ReadinessFault faultReadiness(ApplicationEventPublisher publisher, ApplicationAvailability availability) {
		return new ReadinessFault(publisher, availability);
	}

	@Bean
	WebMvcConfigurer faultInjectionConfigurer(FaultInjector injector) {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new FaultInjectionInterceptor(injector));
			}
		};
	}

	/** At {@link DemoServiceFilters#FAULT_CONTROL_GUARD}. */
	@Bean
	@ConditionalOnMissingBean(name = "faultControlGuard")
	FilterRegistrationBean<FaultControlGuard> faultControlGuard(DemoServiceProperties properties,
			ObjectProvider<WebEndpointProperties> endpoints, Environment environment) {
		String token = properties.faultRoutes().configuredToken();
		if (token != null && token.length() < MIN_TOKEN_LENGTH) {
			throw new IllegalStateException("demo.fault-routes.token (DEMO_FAULTROUTES_TOKEN) must " + "have at least "
					+ MIN_TOKEN_LENGTH + " characters");
		}
		WebEndpointProperties web = endpoints.getIfAvailable();
		boolean kubernetes = CloudPlatform.getActive(environment) == CloudPlatform.KUBERNETES;
		FaultControlGuard guard = new FaultControlGuard(token, kubernetes,
				(web != null) ? web.getBasePath() : "/actuator");
		if (guard.mode() == FaultControlGuard.Mode.CLOSED) {
			logger.warn("No fault token (DEMO_FAULTROUTES_TOKEN) on Kubernetes: /crash and fault changes are refused "
					+ "to everyone, loopback and kubectl port-forward included. Set the fault-token Secret to use them.");
		}
		FilterRegistrationBean<FaultControlGuard> registration = new FilterRegistrationBean<>(guard);
		registration.setOrder(DemoServiceFilters.FAULT_CONTROL_GUARD);
		return registration;
	}

	/** Faults on the calls of the service's Feign clients. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RequestInterceptor.class)
	static class DependencyFaults {

		@Bean
		RequestInterceptor dependencyFaultInterceptor(FaultInjector injector) {
			return new DependencyFaultInterceptor(injector);
		}

	}

	@Bean
	@ConditionalOnMissingBean(name = "faultsEndpoint")
	@ConditionalOnAvailableEndpoint
	FaultsEndpoint faultsEndpoint(FaultInjector injector) {
		return new FaultsEndpoint(injector);
	}

}
