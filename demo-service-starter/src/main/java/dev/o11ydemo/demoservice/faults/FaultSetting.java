package dev.o11ydemo.demoservice.faults;

import java.time.Duration;
import java.util.Arrays;

/**
 * A setting of the faults on the service itself, and the one place that says what it is:
 * its key (the field of {@code /actuator/faults}, the property under {@code demo.faults},
 * the name a timed change expires under), the values it takes, the value that means no
 * fault, the kind of fault ({@code fault_active}'s {@code kind} label) it makes active at
 * any other value, and what it does, which the table of fault kinds in docs/alerts.md
 * repeats word for word. The faults on the calls to a dependency are per dependency, in
 * {@link FaultInjector.DependencyFault}.
 * <p>
 * A new setting is a constant here; the tests then name every other place that must take
 * it (CONTRIBUTING.md, "Adding a fault kind").
 */
public enum FaultSetting {

	/** Latency before each request to the service's own routes. */
	LATENCY("latency", "latency", Duration.ZERO,
			"added before every request to the service's own routes (probes, `/metrics` and the actuator are spared)",
			"0–60 s") {

		@Override
		Object check(Object value) {
			Duration latency = (Duration) value;
			if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
				throw new IllegalArgumentException("latency must be between 0 and " + MAX_LATENCY.toSeconds() + "s");
			}
			return latency;
		}

		@Override
		Object show(Object value) {
			return ((Duration) value).toMillis() + "ms";
		}

	},

	/** Share of the requests to the service's own routes that fail. */
	FAILURE_RATIO("failureRatio", "failure", 0.0, "that share of those requests answers a 500 problem", "0–1") {

		@Override
		Object check(Object value) {
			return share(value, 1, "");
		}

	},

	/** Share of the JVM's CPUs burnt. */
	CPU("cpu", "cpu", 0.0,
			"that share of the CPUs available to the JVM (a container's quota) burnt on background threads, each busy "
					+ "for its part of every 100 ms",
			"0–1") {

		@Override
		Object check(Object value) {
			return share(value, 1, " (a share of the available CPUs)");
		}

	},

	/** Share of the long-lived heap held on to. */
	HEAP("heap", "heap", 0.0,
			"the long-lived heap (the old generation, within the JVM's maximum heap, which the pod's memory limit sets) "
					+ "filled to that share after a collection, counting what the service keeps there, with "
					+ "allocations held until the reset: a leak. It is what `jvm_memory_usage_after_gc` shows and "
					+ "`JvmHeapSaturation` watches",
			"0–0.95") {

		@Override
		Object check(Object value) {
			return share(value, MAX_HEAP, " (a share of the long-lived heap)");
		}

	},

	/** Whether the readiness probe may report UP. */
	READY("ready", "readiness", true,
			"`false`: the readiness probe answers 503 while liveness stays UP, so the pod leaves the Service and the "
					+ "ALB without a restart",
			"") {

		@Override
		Object check(Object value) {
			return (Boolean) value;
		}

	};

	/**
	 * Longest latency that can be injected, so a typo cannot park every request thread
	 * for hours.
	 */
	static final Duration MAX_LATENCY = Duration.ofSeconds(60);

	/**
	 * Largest share of the long-lived heap the heap fault may fill: the rest keeps the
	 * service answering instead of running out of memory.
	 */
	static final double MAX_HEAP = 0.95;

	private final String key;

	private final FaultInjector.Kind kind;

	private final Object none;

	private final String description;

	private final String bound;

	FaultSetting(String key, String kind, Object none, String description, String bound) {
		this.key = key;
		this.kind = new FaultInjector.Kind(kind);
		this.none = none;
		this.description = description;
		this.bound = bound;
	}

	/**
	 * The name on {@code /actuator/faults}, under {@code demo.faults} and in
	 * {@code expires}.
	 */
	public String key() {
		return this.key;
	}

	/** The kind of fault it makes active at any value but {@link #none()}. */
	public FaultInjector.Kind kind() {
		return this.kind;
	}

	/** The value that injects no fault: the default of its property. */
	public Object none() {
		return this.none;
	}

	/** What the fault does, as the docs' table of fault kinds says it. */
	public String description() {
		return this.description;
	}

	/** The values it takes, as the docs' table says them; empty for a boolean. */
	public String bound() {
		return this.bound;
	}

	/** Whether {@code value} injects no fault. */
	boolean isNone(Object value) {
		return (value instanceof Double share) ? share == 0 : value.equals(this.none);
	}

	/**
	 * The value, if it is one this setting takes.
	 * @throws IllegalArgumentException naming the setting and its bounds otherwise
	 * @throws ClassCastException for a value of another type than {@link #none()}'s
	 */
	abstract Object check(Object value);

	/** The value as {@code /actuator/faults} shows it. */
	Object show(Object value) {
		return value;
	}

	/** The setting of that key. */
	static FaultSetting of(String key) {
		return Arrays.stream(values())
			.filter((setting) -> setting.key.equals(key))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no fault setting " + key));
	}

	final Object share(Object value, double max, String what) {
		double share = (Double) value;
		if (!(share >= 0 && share <= max)) {
			throw new IllegalArgumentException(this.key + " must be between 0 and " + format(max) + what);
		}
		return share;
	}

	private static String format(double bound) {
		return (bound == Math.rint(bound)) ? String.valueOf((long) bound) : String.valueOf(bound);
	}

}
