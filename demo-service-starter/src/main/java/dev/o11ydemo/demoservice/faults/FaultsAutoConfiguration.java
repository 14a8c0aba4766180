package dev.o11ydemo.demoservice.faults;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.o11ydemo.demoservice.ConditionalOnDemoServiceEnabled;
import dev.o11ydemo.demoservice.DemoServiceProperties;

/**
 * Runtime fault injection: latency and a failure ratio on the service's routes, set at
 * start from {@code demo.faults.*} and changed through {@code /actuator/faults}, and the
 * guard that keeps the fault controls that change state ({@code /crash} and those
 * changes) from strangers. Off, with the fault routes, when
 * {@code demo.fault-routes.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnDemoServiceEnabled
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnProperty(prefix = "demo.fault-routes", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DemoServiceProperties.class)
public final class FaultsAutoConfiguration {

	/** A guessable token would be no credential. */
	static final int MIN_TOKEN_LENGTH = 16;

	@Bean
	@ConditionalOnMissingBean
	FaultInjector faultInjector(DemoServiceProperties properties) {
		return new FaultInjector(
				new FaultInjector.Settings(properties.faults().latency(), properties.faults().failureRatio()));
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

	/**
	 * Right after the observation filter, so refused attempts still show in the metrics
	 * and the access log.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "faultControlGuard")
	FilterRegistrationBean<FaultControlGuard> faultControlGuard(DemoServiceProperties properties,
			ObjectProvider<WebEndpointProperties> endpoints) {
		String token = properties.faultRoutes().configuredToken();
		if (token != null && token.length() < MIN_TOKEN_LENGTH) {
			throw new IllegalStateException("demo.fault-routes.token (DEMO_FAULTROUTES_TOKEN) must " + "have at least "
					+ MIN_TOKEN_LENGTH + " characters");
		}
		WebEndpointProperties web = endpoints.getIfAvailable();
		FilterRegistrationBean<FaultControlGuard> registration = new FilterRegistrationBean<>(
				new FaultControlGuard(token, (web != null) ? web.getBasePath() : "/actuator"));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "faultsEndpoint")
	@ConditionalOnAvailableEndpoint
	FaultsEndpoint faultsEndpoint(FaultInjector injector) {
		return new FaultsEndpoint(injector);
	}

}
