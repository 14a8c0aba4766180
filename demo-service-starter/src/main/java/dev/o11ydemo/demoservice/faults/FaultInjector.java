package dev.o11ydemo.demoservice.faults;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The faults currently injected into the service's routes: added latency and a failure
 * ratio. Starts from the configured defaults; {@code /actuator/faults} changes and resets
 * them at runtime.
 */
public final class FaultInjector {

	/**
	 * Longest latency that can be injected, so a typo cannot park every request thread
	 * for hours.
	 */
	static final Duration MAX_LATENCY = Duration.ofSeconds(60);

	private final Settings defaults;

	private final AtomicReference<Settings> current;

	FaultInjector(Settings defaults) {
		this.defaults = defaults;
		this.current = new AtomicReference<>(defaults);
	}

	public Settings current() {
		return this.current.get();
	}

	public Settings defaults() {
		return this.defaults;
	}

	/**
	 * Changes the given settings (a null leaves that one as it is) and returns the new
	 * state.
	 */
	public Settings update(Duration latency, Double failureRatio) {
		return this.current.updateAndGet((settings) -> new Settings((latency != null) ? latency : settings.latency(),
				(failureRatio != null) ? failureRatio : settings.failureRatio()));
	}

	public Settings reset() {
		this.current.set(this.defaults);
		return this.defaults;
	}

	/** Whether this request should fail, by the current ratio. */
	boolean shouldFail() {
		double ratio = this.current.get().failureRatio();
		return ratio > 0 && ThreadLocalRandom.current().nextDouble() < ratio;
	}

	/**
	 * One state of the faults.
	 *
	 * @param latency added before each request is handled
	 * @param failureRatio share of requests answered with a 500 problem
	 */
	public record Settings(Duration latency, double failureRatio) {

		public Settings {
			if (latency == null || latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
				throw new IllegalArgumentException("latency must be between 0 and " + MAX_LATENCY.toSeconds() + "s");
			}
			if (!(failureRatio >= 0 && failureRatio <= 1)) {
				throw new IllegalArgumentException("failureRatio must be between 0 and 1");
			}
		}

	}

}
