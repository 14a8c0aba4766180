package dev.o11ydemo.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the shared observability auto-configuration, under {@code observability.*}.
 * Every field can be set from the environment by Spring's relaxed binding, e.g.
 * {@code OBSERVABILITY_LOGGING_FORMAT=plain}.
 *
 * @param enabled whether the observability auto-configuration applies at all: the seed
 * metrics, {@code /metrics}, exemplars, the log format and the access log (default
 * {@code true}).
 * @param logging log format and the per-request access log.
 */
@ConfigurationProperties("observability")
public record ObservabilityProperties(@DefaultValue("true") boolean enabled, @DefaultValue Logging logging) {

	/**
	 * Logging.
	 *
	 * @param format {@code json} (one JSON object per line, for log shippers) or
	 * {@code plain} (for a terminal); applied through Spring Boot's structured logging
	 * settings, which a service may set itself (default {@code json}).
	 * @param accessLog whether every request writes one structured access-log line
	 * (default {@code true}).
	 */
	public record Logging(@DefaultValue("json") LogFormat format, @DefaultValue("true") boolean accessLog) {
	}

	/** How log lines are written to stdout. */
	public enum LogFormat {

		/** One JSON object per line. */
		JSON,

		/** Human-readable lines. */
		PLAIN

	}

}
