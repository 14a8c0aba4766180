package dev.o11ydemo.observability;

import java.io.IOException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A minimal service using the observability starter alone, with routes at the paths the
 * suite's services serve them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

	/**
	 * Header that makes {@link #tracingFilter()} run the request inside an OpenTelemetry
	 * SDK span.
	 */
	public static final String TRACE_HEADER = "X-Test-Trace";

	/**
	 * Stands in for the OpenTelemetry agent's server span (the agent itself is tested in
	 * suite-tests): the span is current around the whole request, as the agent's is.
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> tracingFilter() {
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();
		OncePerRequestFilter filter = new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (request.getHeader(TRACE_HEADER) == null) {
					chain.doFilter(request, response);
					return;
				}
				Span span = tracerProvider.get("test").spanBuilder("request").startSpan();
				response.setHeader("X-Trace-Id", span.getSpanContext().getTraceId());
				try (Scope scope = span.makeCurrent()) {
					chain.doFilter(request, response);
				}
				finally {
					span.end();
				}
			}
		};
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** Registered as a member class of this configuration. */
	@RestController
	static class ThingsController {

		private static final Logger logger = LoggerFactory.getLogger(ThingsController.class);

		@GetMapping("/things/{id}")
		String thing(@PathVariable String id) {
			return "thing " + id;
		}

		@GetMapping("/healthy")
		String healthy() {
			return "healthy";
		}

		@GetMapping("/logs")
		String logs() {
			logger.info("Generating logs: first line");
			logger.info("Generating logs: second line");
			logger.info("Generating logs: third line");
			return "logged";
		}

		@GetMapping("/serverError")
		ResponseEntity<String> serverError() {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("error");
		}

		@GetMapping("/notFound")
		ResponseEntity<String> notFound() {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body("not found");
		}

	}

}
