package dev.o11ydemo.testsupport;

import java.io.IOException;

/**
 * Runs the real {@code promtool} from Prometheus (see {@link ExternalTool} for what
 * happens when it is missing).
 */
public final class Promtool {

	private Promtool() {
	}

	/** Pipes {@code input} into {@code promtool args...}. */
	public static ExternalTool.Result run(String input, String... args) throws IOException, InterruptedException {
		return tool().run(input, null, args);
	}

	public static ExternalTool tool() {
		return ExternalTool.require("promtool", "apt-get install --no-install-recommends prometheus");
	}

}
