package dev.o11ydemo.demoservice.faults;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;

/**
 * Marks the current span (the agent's, where it is attached) with the fault that affected
 * its request: an event named {@code fault} with the kind and, for a dependency fault,
 * the dependency.
 */
final class FaultEvents {

	static final AttributeKey<String> KIND = AttributeKey.stringKey("fault.kind");

	static final AttributeKey<String> DEPENDENCY = AttributeKey.stringKey("fault.dependency");

	private FaultEvents() {
	}

	static void record(FaultInjector.Kind kind) {
		Span.current().addEvent("fault", Attributes.of(KIND, kind.label()));
	}

	static void record(FaultInjector.Kind kind, String dependency) {
		Span.current().addEvent("fault", Attributes.of(KIND, kind.label(), DEPENDENCY, dependency));
	}

}
