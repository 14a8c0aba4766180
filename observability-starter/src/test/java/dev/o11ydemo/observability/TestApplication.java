package dev.o11ydemo.observability;

import java.io.IOException;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.trace.Span;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.o11ydemo.observability.routes.ProcessTerminator;

/**
 * A minimal service using the starter, as the suite's services do.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

	/**
	 * Header that makes {@link #tracingFilter()} run the request inside an OpenTelemetry
	 * SDK span.
	 */
	public static final String TRACE_HEADER = "X-Test-Trace";

	@Bean
	RecordingTerminator recordingTerminator() {
		return new RecordingTerminator();
	}

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

		@GetMapping("/things/{id}")
		String thing(@PathVariable String id) {
			return "thing " + id;
		}

		@PostMapping("/things")
		NewThing create(@Valid @RequestBody NewThing thing) {
			return thing;
		}

		record NewThing(@NotBlank String name, @NotNull @Min(1) Integer count) {
		}

	}

	/** Records /crash instead of halting the test JVM. */
	public static class RecordingTerminator implements ProcessTerminator {

		public final CopyOnWriteArrayList<Integer> statuses = new CopyOnWriteArrayList<>();

		@Override
		public void terminate(int status) {
			this.statuses.add(status);
		}

	}

}
