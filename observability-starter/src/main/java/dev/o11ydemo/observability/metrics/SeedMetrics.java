package dev.o11ydemo.observability.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.o11ydemo.observability.web.CompletedRequest;
import dev.o11ydemo.observability.web.CompletedRequestListener;

/**
 * The request metrics of the original Node.js service, with its exact names, types, label
 * names, buckets and quantiles, so dashboards and rules written for the original keep
 * working:
 * <ul>
 * <li>{@code http_requests_total} counter;</li>
 * <li>{@code http_request_duration_seconds} histogram, buckets 0.1, 0.5, 1, 5, 10;</li>
 * <li>{@code http_request_duration_summary_seconds} summary, quantiles 0.5, 0.9,
 * 0.99.</li>
 * </ul>
 * They carry {@code method}, {@code path} (the route template) and {@code status_code}.
 * The original's fourth, {@code node_gauge_example}, belongs to the {@code /example}
 * route and is set next to it, in the demo-service starter.
 */
public final class SeedMetrics implements CompletedRequestListener {

	private final MeterProvider<Counter> requests;

	private final MeterProvider<Timer> durationHistogram;

	private final MeterProvider<Timer> durationSummary;

	SeedMetrics(MeterRegistry registry) {
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
	}

}
