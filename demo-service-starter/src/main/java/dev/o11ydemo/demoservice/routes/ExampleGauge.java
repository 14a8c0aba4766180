package dev.o11ydemo.demoservice.routes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The original service's {@code node_gauge_example} gauge: seconds taken by the last
 * {@code /example} task, labelled {@code method} and {@code status}. It is set when the
 * request completes, after the asynchronous dispatch, so it carries the status really
 * sent.
 */
final class ExampleGauge implements HandlerInterceptor {

	/**
	 * Request attribute (a {@link Double}, seconds) through which the {@code /example}
	 * route reports how long its task took.
	 */
	static final String TASK_SECONDS_ATTRIBUTE = ExampleGauge.class.getName() + ".taskSeconds";

	private final ObjectProvider<MeterRegistry> registry;

	private final ConcurrentMap<Tags, AtomicLong> gauges = new ConcurrentHashMap<>();

	ExampleGauge(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (request.getAttribute(TASK_SECONDS_ATTRIBUTE) instanceof Double seconds) {
			MeterRegistry registry = this.registry.getIfAvailable();
			if (registry != null) {
				gauge(registry, request.getMethod(), response.getStatus()).set(Double.doubleToRawLongBits(seconds));
			}
		}
	}

	private AtomicLong gauge(MeterRegistry registry, String method, int status) {
		Tags tags = Tags.of("method", method, "status", Integer.toString(status));
		return this.gauges.computeIfAbsent(tags, (key) -> {
			AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));
			Gauge.builder("node.gauge.example", bits, (value) -> Double.longBitsToDouble(value.get()))
				.description("Seconds taken by the last /example async task")
				.tags(key)
				.strongReference(true)
				.register(registry);
			return bits;
		});
	}

}
