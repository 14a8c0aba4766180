package dev.o11ydemo.demoservice.problems;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.o11ydemo.demoservice.ConditionalOnDemoServiceEnabled;
import dev.o11ydemo.demoservice.DemoServiceFilters;
import dev.o11ydemo.demoservice.DemoServiceProperties;

/**
 * Every error a client can cause is a 4xx RFC 9457 problem in every service: bad input
 * names the wrong field, wrong JSON types are refused rather than coerced, bodies are
 * bounded in size and time and read without holding a request thread, and the errors
 * Spring Boot's error page or Tomcat itself would answer are problems too.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnDemoServiceEnabled
@EnableConfigurationProperties(DemoServiceProperties.class)
public final class ProblemsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "badRequestAdvice")
	BadRequestAdvice badRequestAdvice() {
		return new BadRequestAdvice();
	}

	@Bean
	@ConditionalOnMissingBean(ErrorController.class)
	ProblemErrorController problemErrorController() {
		return new ProblemErrorController();
	}

	/** At {@link DemoServiceFilters#ACCEPT_HEADER}. */
	@Bean
	@ConditionalOnMissingBean(name = "acceptHeaderFilter")
	FilterRegistrationBean<AcceptHeaderFilter> acceptHeaderFilter() {
		FilterRegistrationBean<AcceptHeaderFilter> registration = new FilterRegistrationBean<>(
				new AcceptHeaderFilter());
		registration.setOrder(DemoServiceFilters.ACCEPT_HEADER);
		return registration;
	}

	/**
	 * At {@link DemoServiceFilters#REQUEST_BODY}. The read's own redispatch
	 * ({@code ASYNC}) passes through it too.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "requestBodyFilter")
	FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(DemoServiceProperties properties) {
		FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyFilter(properties.maxRequestBody().toBytes(), properties.requestBodyTimeout(),
						properties.maxConcurrentBodyReads(), properties.maxConcurrentBodyReadsPerClient()));
		registration.setOrder(DemoServiceFilters.REQUEST_BODY);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		registration.setAsyncSupported(true);
		return registration;
	}

	/**
	 * JSON input as sent, never coerced: a string where a number or boolean belongs
	 * ({@code "2"}), a fraction where an integer belongs ({@code 2.5}) and a key given
	 * twice are refused; so is text that no database column can hold as sent (a NUL, an
	 * unpaired surrogate), and a number or boolean where a request record wants text.
	 * Only the records: the actuator reads every operation's JSON body as text values,
	 * {@code /actuator/faults}' ratio included ({@link StorableTextDeserializer}).
	 */
	@Bean
	@ConditionalOnMissingBean(name = "strictJsonInput")
	JsonMapperBuilderCustomizer strictJsonInput() {
		return (builder) -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.addModule(new SimpleModule("storable-text").addDeserializer(String.class, new StorableTextDeserializer()));
	}

	/**
	 * Tomcat's own error responses as problems (see {@link ProblemErrorReportValve}), and
	 * no unread body read after a refusal ({@link UnreadBodyValve}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tomcat.class)
	static class TomcatErrorReportConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "problemErrorReportValve")
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
			return new ProblemValveCustomizer();
		}

	}

	/** After Spring Boot's own customizer, whose error report valve this one replaces. */
	static final class ProblemValveCustomizer
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
				Pipeline pipeline = context.getParent().getPipeline();
				for (Valve valve : pipeline.getValves()) {
					if (valve instanceof ErrorReportValve) {
						pipeline.removeValve(valve);
					}
				}
				pipeline.addValve(new ProblemErrorReportValve());
			});
			factory.addContextValves(new UnreadBodyValve());
		}

	}

}
