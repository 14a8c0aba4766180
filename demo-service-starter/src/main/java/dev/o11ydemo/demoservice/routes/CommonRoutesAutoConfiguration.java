package dev.o11ydemo.demoservice.routes;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.o11ydemo.demoservice.ConditionalOnDemoServiceEnabled;
import dev.o11ydemo.demoservice.DemoServiceProperties;

/**
 * The original services' common routes ({@code /healthy}, {@code /health}, {@code /logs})
 * and, unless switched off, the fault routes with the {@code /example} gauge.
 */
@AutoConfiguration
@ConditionalOnDemoServiceEnabled
@EnableConfigurationProperties(DemoServiceProperties.class)
public final class CommonRoutesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "commonRoutesController")
	CommonRoutesController commonRoutesController(Environment environment) {
		return new CommonRoutesController(environment.getProperty("spring.application.name", "application"));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(prefix = "demo.fault-routes", name = "enabled", matchIfMissing = true)
	static class FaultRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProcessTerminator processTerminator() {
			return ProcessTerminator.halt();
		}

		@Bean
		@ConditionalOnMissingBean(name = "faultRoutesController")
		FaultRoutesController faultRoutesController(ProcessTerminator terminator, DemoServiceProperties properties) {
			return new FaultRoutesController(terminator, properties.faultRoutes().exampleMaxDelay());
		}

		@Bean
		WebMvcConfigurer exampleGaugeConfigurer(ObjectProvider<MeterRegistry> registry) {
			ExampleGauge gauge = new ExampleGauge(registry);
			return new WebMvcConfigurer() {
				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(gauge).addPathPatterns("/example");
				}
			};
		}

	}

}
