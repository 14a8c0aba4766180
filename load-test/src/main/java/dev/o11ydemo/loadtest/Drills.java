package dev.o11ydemo.loadtest;

/**
 * Stopping a run with a clear message (exit status 3) where its target cannot take it:
 * fault controls switched off, a service unreachable.
 */
final class Drills {

	static final int UNAVAILABLE = 3;

	private Drills() {
	}

	static void exitIfUnavailable(FaultControl control) {
		try {
			control.requireAvailable();
		}
		catch (FaultControl.DrillUnavailable ex) {
			stop(ex.getMessage());
		}
	}

	static void stop(String message) {
		System.out.println("stopped: " + message);
		System.out.flush();
		Runtime.getRuntime().halt(UNAVAILABLE);
	}

}
