package dev.o11ydemo.observability.faults;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.o11ydemo.observability.ConditionalOnObservabilityEnabled;
import dev.o11ydemo.observability.ObservabilityProperties;

/**
 * Runtime fault injection: latency and a failure ratio on the service's routes, set at start from
 * {@code observability.faults.*} and changed through {@code /actuator/faults}. Off, with the fault routes, when
 * {@code observability.fault-routes.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnObservabilityEnabled
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnProperty(prefix = "observability.fault-routes", name = "enabled", havingValue = "true",
		matchIfMissing = true)
@EnableConfigurationProperties(ObservabilityProperties.class)
public final class FaultsAutoConfiguration {

	@Bean
	FaultInjector faultInjector(ObservabilityProperties properties) {
		return new FaultInjector(new FaultInjector.Settings(properties.faults().latency(),
				properties.faults().failureRatio()));
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

	@Bean
	@ConditionalOnAvailableEndpoint
	FaultsEndpoint faultsEndpoint(FaultInjector injector) {
		return new FaultsEndpoint(injector);
	}

}
