package dev.o11ydemo.demoservice.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import feign.FeignException;
import feign.Request;
import feign.RequestInterceptor;
import feign.RequestTemplate;

/**
 * The dependency faults, as the caller sees them: before a Feign client's call to a
 * faulted dependency, the call waits the injected latency, and a share of the calls fails
 * as if the dependency had answered 503. Only that dependency's calls are touched; the
 * caller handles the failure as it handles a real one. Each affected call adds an event
 * to the current span.
 */
final class DependencyFaultInterceptor implements RequestInterceptor {

	private final FaultInjector injector;

	DependencyFaultInterceptor(FaultInjector injector) {
		this.injector = injector;
	}

	@Override
	public void apply(RequestTemplate template) {
		String dependency = template.feignTarget().name();
		FaultInjector.DependencyFault fault = this.injector.current().dependencies().get(dependency);
		if (fault == null) {
			return;
		}
		Duration latency = fault.latency();
		if (!latency.isZero()) {
			FaultEvents.record(FaultInjector.Kind.DEPENDENCY_LATENCY, dependency);
			try {
				Thread.sleep(latency.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (FaultInjector.fails(fault.failureRatio())) {
			FaultEvents.record(FaultInjector.Kind.DEPENDENCY_FAILURE, dependency);
			Request request = Request.create(Request.HttpMethod.valueOf(template.method()),
					template.feignTarget().url() + template.url(), Map.of(), null, StandardCharsets.UTF_8, template);
			throw new FeignException.ServiceUnavailable(
					"injected fault: the call to " + dependency + " failed on purpose (/actuator/faults)", request,
					null, Map.of());
		}
	}

}
