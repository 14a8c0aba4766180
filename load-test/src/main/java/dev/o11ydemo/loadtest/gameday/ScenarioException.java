package dev.o11ydemo.loadtest.gameday;

import java.nio.file.Path;

/** A scenario refused before anything starts; the message names the file and line. */
public final class ScenarioException extends RuntimeException {

	private final int line;

	ScenarioException(Path file, int line, String message) {
		super(file.getFileName() + ":" + line + ": " + message);
		this.line = line;
	}

	/** The line the refusal is about, from 1. */
	public int line() {
		return this.line;
	}

}
