package dev.o11ydemo.loadtest.gameday;

import java.io.PrintStream;

/**
 * The live status line: rewritten in place on a terminal; elsewhere (a CI log) printed
 * only when something other than the clocks changed, so a long run is not a log flood.
 */
public final class Status {

	private static final int WIDTH = 160;

	private final PrintStream out;

	private final boolean live;

	private String last = "";

	private Status(PrintStream out, boolean live) {
		this.out = out;
		this.live = live;
	}

	/**
	 * On the terminal, in place, where the caller knows standard output is one (run.sh's
	 * {@code -t 1}); as a log otherwise.
	 */
	public static Status console(boolean terminal) {
		return new Status(System.out, terminal);
	}

	/** As a log to {@code out}. */
	public static Status log(PrintStream out) {
		return new Status(out, false);
	}

	synchronized void show(String line) {
		if (this.live) {
			String shown = (line.length() > WIDTH) ? line.substring(0, WIDTH - 1) + "…" : line;
			this.out.print("\r" + shown + "\033[K");
			this.out.flush();
			return;
		}
		String stable = line.replaceAll("[0-9]+ (h|min|s)", "");
		if (!stable.equals(this.last)) {
			this.last = stable;
			this.out.println(line);
		}
	}

	synchronized void done() {
		if (this.live) {
			this.out.println();
		}
	}

}
