package dev.o11ydemo.demoservice.faults;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Applies the current faults to the service's own routes. Probes, {@code /metrics} and
 * the actuator are spared, so a failing service stays observable and controllable, and
 * Kubernetes does not restart it for an injected fault.
 */
class FaultInjectionInterceptor implements HandlerInterceptor {

	private final FaultInjector injector;

	FaultInjectionInterceptor(FaultInjector injector) {
		this.injector = injector;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws InterruptedException {
		if (!(handler instanceof HandlerMethod method) || spared(request, method)) {
			return true;
		}
		Duration latency = this.injector.current().latency();
		if (!latency.isZero()) {
			FaultEvents.record(FaultSetting.LATENCY.kind());
			Thread.sleep(latency.toMillis());
		}
		if (this.injector.shouldFail()) {
			FaultEvents.record(FaultSetting.FAILURE_RATIO.kind());
			throw Problems.exception(HttpStatus.INTERNAL_SERVER_ERROR, "injected-fault", "Injected fault",
					"This request failed on purpose: a failure ratio is set on /actuator/faults.");
		}
		return true;
	}

	private static boolean spared(HttpServletRequest request, HandlerMethod method) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.startsWith("/actuator") || path.equals("/metrics") || path.equals("/health")
				|| path.equals("/healthy") || method.getBeanType().getName().startsWith("org.springframework.boot");
	}

}
