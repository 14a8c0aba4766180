package dev.o11ydemo.loadtest.gameday;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Where a game day acts: the fault controls of the target's services, and whatever stops,
 * removes, restarts or releases them there. A scenario step the platform cannot do is
 * refused before anything starts.
 */
public interface Platform {

	/** The step kinds it can do, as {@link Scenario.Action#kind()} names them. */
	Set<String> supports();

	/** Why it cannot do a kind it does not support, for the refusal. */
	String whyNot(String kind);

	/**
	 * Fails, saying why, where the service's fault controls would refuse this platform's
	 * changes (no or a wrong fault token).
	 */
	default void requireControl(String service) throws Exception {
	}

	/** A service's fault settings with their defaults, as the service describes them. */
	Map<String, Object> settings(String service) throws Exception;

	/**
	 * Sets faults on a service that wear off by themselves after {@code expiry}, should
	 * nothing reset them.
	 */
	void set(String service, Map<String, Object> settings, Duration expiry) throws Exception;

	/** Back to the service's configured defaults. */
	void reset(String service) throws Exception;

	/** Crashes the service and returns once it is back (or throws at the timeout). */
	void crash(String service, Duration timeout) throws Exception;

	/** Stops the service's process, leaving its scrape target. */
	void stop(String service) throws Exception;

	/** Starts what {@link #stop} stopped. */
	void start(String service) throws Exception;

	/** Takes the service and its scrape target away. */
	void remove(String service) throws Exception;

	/** Brings back what {@link #remove} took away. */
	void restore(String service) throws Exception;

	/**
	 * Releases a new version of the service whose pods start with these fault settings,
	 * and returns once the release has begun.
	 */
	default void release(String service, Map<String, Object> settings) throws Exception {
		throw new UnsupportedOperationException(whyNot("release"));
	}

	/** Brings back the version {@link #release} replaced. */
	default void rollBack(String service) throws Exception {
		throw new UnsupportedOperationException(whyNot("release"));
	}

	/** Called before a step acts. */
	default void stepStarting(Scenario.Step step) throws Exception {
	}

	/** Called once a step is over, resolved or not. */
	default void stepEnded(Scenario.Step step) throws Exception {
	}

}
