package dev.o11ydemo.observability.web;

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Hooks into Spring MVC's {@code http.server.requests} observation, which already knows the matched route template
 * and follows async requests to their end, and hands each finished request to the listeners.
 */
final class CompletedRequestObservationHandler implements ObservationHandler<ServerRequestObservationContext> {

	private final List<CompletedRequestListener> listeners;

	CompletedRequestObservationHandler(List<CompletedRequestListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		context.put(StartTime.class, new StartTime(System.nanoTime()));
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		StartTime start = context.get(StartTime.class);
		HttpServletRequest request = context.getCarrier();
		if (start == null || request == null) {
			return;
		}
		CompletedRequest completed = new CompletedRequest(CompletedRequest.method(request.getMethod()),
				route(context), status(context), System.nanoTime() - start.nanos(), request);
		for (CompletedRequestListener listener : this.listeners) {
			listener.onCompleted(completed);
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
		// An exception that escaped the handler becomes a 500 after this point; count it as what the client gets.
		return (context.getError() != null && status < 400) ? 500 : status;
	}

	private record StartTime(long nanos) {
	}

}
