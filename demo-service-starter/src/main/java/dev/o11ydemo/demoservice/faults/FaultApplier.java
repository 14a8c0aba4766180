package dev.o11ydemo.demoservice.faults;

/**
 * Carries the faults' state to what lies outside the request path: CPU burnt, heap held,
 * the readiness state. Every bean of this type is called by the {@link FaultInjector}
 * with the settings it starts from and again after each change, reset and expiry, on the
 * thread that made it, so a new kind of fault is one more bean and nothing is wired by
 * hand.
 */
@FunctionalInterface
public interface FaultApplier {

	/**
	 * Makes {@code settings} hold from now on; called again with every new state.
	 * @param settings the faults now in force
	 */
	void apply(FaultInjector.Settings settings);

}
