package dev.o11ydemo.testsupport;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a tool, a Docker engine, PostgreSQL, a free port, a
 * JDK 25, root): outside CI a machine without it skips the test with a message saying
 * what is missing; in CI ({@code CI=true}, where {@code .ci/run} provides everything) it
 * fails the test, so nothing stops running there unnoticed. The one place that decides.
 */
public final class Prerequisites {

	private Prerequisites() {
	}

	/** Whether this run is CI's. */
	public static boolean inCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

	/** Passes when {@code met}; otherwise {@link #missing}. */
	public static void require(boolean met, String what) {
		if (!met) {
			missing(what);
		}
	}

	/**
	 * Skips the test outside CI, fails it in CI.
	 * @param what what is missing and how to provide it
	 */
	public static void missing(String what) {
		if (inCi()) {
			throw new IllegalStateException(what + " (CI provides it: .ci/run)");
		}
		Assumptions.abort(what + ": skipped");
	}

}
