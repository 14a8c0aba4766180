package dev.o11ydemo.observability.logging;

import java.util.Locale;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Turns the {@code observability.logging.format} setting into the name of the console
 * appender file that {@code logback-spring.xml} includes, whatever its case, so a typo
 * falls back to JSON instead of silencing the logs.
 */
public class LogFormatDefiner extends PropertyDefinerBase {

	private String format;

	public void setFormat(String format) {
		this.format = format;
	}

	@Override
	public String getPropertyValue() {
		return (this.format != null && this.format.trim().toLowerCase(Locale.ROOT).equals("plain")) ? "plain" : "json";
	}

}
