package dev.o11ydemo.observability.web;

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.util.ClassUtils;

/**
 * Hooks into Spring MVC's {@code http.server.requests} observation, which already knows
 * the matched route template and follows async requests to their end, and hands each
 * finished request to the listeners. They are called inside the trace context the request
 * started in: an async request (a body read without a thread, a deferred result)
 * completes on a container thread that has none, and the access line and the exemplar
 * need the request's trace.
 */
final class CompletedRequestObservationHandler implements ObservationHandler<ServerRequestObservationContext> {

	private static final boolean TRACING = ClassUtils.isPresent("io.opentelemetry.context.Context",
			CompletedRequestObservationHandler.class.getClassLoader());

	private final List<CompletedRequestListener> listeners;

	CompletedRequestObservationHandler(List<CompletedRequestListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		context.put(StartTime.class, new StartTime(System.nanoTime(), TRACING ? TraceContext.current() : null));
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		StartTime start = context.get(StartTime.class);
		HttpServletRequest request = context.getCarrier();
		if (start == null || request == null) {
			return;
		}
		CompletedRequest completed = new CompletedRequest(CompletedRequest.method(request.getMethod()), route(context),
				status(context), System.nanoTime() - start.nanos());
		Runnable notify = () -> this.listeners.forEach((listener) -> listener.onCompleted(completed));
		if (start.trace() != null) {
			TraceContext.run(start.trace(), notify);
		}
		else {
			notify.run();
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	private static String route(ServerRequestObservationContext context) {
		String pattern = context.getPathPattern();
		return (pattern != null) ? pattern : CompletedRequest.UNMATCHED;
	}

	private static int status(ServerRequestObservationContext context) {
		HttpServletResponse response = context.getResponse();
		int status = (response != null) ? response.getStatus() : 500;
		// An exception that escaped the handler becomes a 500 after this point; count it
		// as what the client gets.
		return (context.getError() != null && status < 400) ? 500 : status;
	}

	/**
	 * When the request started, and its trace context then.
	 *
	 * @param nanos {@link System#nanoTime()} at the start
	 * @param trace the OpenTelemetry context, or null without the OpenTelemetry API
	 */
	private record StartTime(long nanos, Object trace) {
	}

	/**
	 * The OpenTelemetry calls, in a class of their own so the handler loads without the
	 * API.
	 */
	private static final class TraceContext {

		static Object current() {
			return Context.current();
		}

		static void run(Object trace, Runnable action) {
			try (Scope scope = ((Context) trace).makeCurrent()) {
				action.run();
			}
		}

	}

}
