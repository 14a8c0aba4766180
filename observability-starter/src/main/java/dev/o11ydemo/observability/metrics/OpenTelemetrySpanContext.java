package dev.o11ydemo.observability.metrics;

import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * Gives Prometheus exemplars the trace and span of the current OpenTelemetry span. With
 * the OpenTelemetry Java agent attached, the agent bridges {@link Span#current()} to its
 * own context; without it there is no valid span and metrics carry no exemplars.
 */
final class OpenTelemetrySpanContext implements SpanContext {

	@Override
	public String getCurrentTraceId() {
		io.opentelemetry.api.trace.SpanContext context = Span.current().getSpanContext();
		return context.isValid() ? context.getTraceId() : null;
	}

	@Override
	public String getCurrentSpanId() {
		io.opentelemetry.api.trace.SpanContext context = Span.current().getSpanContext();
		return context.isValid() ? context.getSpanId() : null;
	}

	@Override
	public boolean isCurrentSpanSampled() {
		io.opentelemetry.api.trace.SpanContext context = Span.current().getSpanContext();
		return context.isValid() && context.isSampled();
	}

	@Override
	public void markCurrentSpanAsExemplar() {
		// Lets a trace backend find the spans that metrics point at.
		Span.current().setAttribute(EXEMPLAR_ATTRIBUTE_NAME, EXEMPLAR_ATTRIBUTE_VALUE);
	}

}
