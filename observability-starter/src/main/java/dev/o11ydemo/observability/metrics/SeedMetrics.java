package dev.o11ydemo.observability.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.o11ydemo.observability.web.CompletedRequest;
import dev.o11ydemo.observability.web.CompletedRequestListener;

/**
 * The four metrics of the original Node.js service, with its exact names, types, label
 * names, buckets and quantiles, so dashboards and rules written for the original keep
 * working:
 * <ul>
 * <li>{@code http_requests_total} counter;</li>
 * <li>{@code http_request_duration_seconds} histogram, buckets 0.1, 0.5, 1, 5, 10;</li>
 * <li>{@code http_request_duration_summary_seconds} summary, quantiles 0.5, 0.9,
 * 0.99;</li>
 * <li>{@code node_gauge_example} gauge: seconds taken by the last {@code /example}
 * task.</li>
 * </ul>
 * The first three carry {@code method}, {@code path} (the route template) and
 * {@code status_code}; the gauge carries {@code method} and {@code status}.
 */
public final class SeedMetrics implements CompletedRequestListener {

	/**
	 * Request attribute (a {@link Double}, seconds) through which the {@code /example}
	 * route reports how long its task took; the gauge is set when the request completes,
	 * so it carries the status really sent.
	 */
	public static final String EXAMPLE_TASK_SECONDS_ATTRIBUTE = SeedMetrics.class.getName() + ".exampleTaskSeconds";

	private final MeterProvider<Counter> requests;

	private final MeterProvider<Timer> durationHistogram;

	private final MeterProvider<Timer> durationSummary;

	private final MeterRegistry registry;

	private final ConcurrentMap<Tags, AtomicLong> exampleGauges = new ConcurrentHashMap<>();

	SeedMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.requests = Counter.builder("http.requests")
			.description("Total number of HTTP requests")
			.withRegistry(registry);
		this.durationHistogram = Timer.builder("http.request.duration")
			.description("Duration of HTTP requests in seconds")
			.serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
					Duration.ofSeconds(5), Duration.ofSeconds(10))
			.withRegistry(registry);
		this.durationSummary = Timer.builder("http.request.duration.summary")
			.description("Duration of HTTP requests in seconds (summary)")
			.publishPercentiles(0.5, 0.9, 0.99)
			.withRegistry(registry);
	}

	@Override
	public void onCompleted(CompletedRequest request) {
		Tags tags = Tags.of("method", request.method(), "path", request.route(), "status_code",
				Integer.toString(request.status()));
		this.requests.withTags(tags).increment();
		this.durationHistogram.withTags(tags).record(request.durationNanos(), TimeUnit.NANOSECONDS);
		this.durationSummary.withTags(tags).record(request.durationNanos(), TimeUnit.NANOSECONDS);
		if (request.request().getAttribute(EXAMPLE_TASK_SECONDS_ATTRIBUTE) instanceof Double seconds) {
			exampleGauge(request.method(), request.status()).set(Double.doubleToRawLongBits(seconds));
		}
	}

	private AtomicLong exampleGauge(String method, int status) {
		Tags tags = Tags.of("method", method, "status", Integer.toString(status));
		return this.exampleGauges.computeIfAbsent(tags, (key) -> {
			AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));
			Gauge.builder("node.gauge.example", bits, (value) -> Double.longBitsToDouble(value.get()))
				.description("Seconds taken by the last /example async task")
				.tags(key)
				.strongReference(true)
				.register(this.registry);
			return bits;
		});
	}

}
