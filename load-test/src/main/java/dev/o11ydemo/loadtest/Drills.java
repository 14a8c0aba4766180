package dev.o11ydemo.loadtest;

/** What the drills share: stopping with a clear message (exit status 3) where a drill cannot run. */
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
		System.out.println("drill stopped: " + message);
		System.out.flush();
		Runtime.getRuntime().halt(UNAVAILABLE);
	}

}
