package dev.o11ydemo.observability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the shared observability auto-configuration, under {@code observability.*}. Every field can be set
 * from the environment by Spring's relaxed binding, e.g. {@code OBSERVABILITY_FAULTROUTES_ENABLED=false}.
 *
 * @param enabled whether the shared auto-configuration applies at all (default {@code true}).
 * @param faultRoutes the routes that break things on purpose: {@code /crash}, {@code /serverError},
 * {@code /notFound}, {@code /example}.
 * @param logging log format and the per-request access log.
 */
@ConfigurationProperties("observability")
public record ObservabilityProperties(@DefaultValue("true") boolean enabled, @DefaultValue FaultRoutes faultRoutes,
		@DefaultValue Logging logging) {

	/**
	 * The fault routes.
	 *
	 * @param enabled whether the fault routes are served; when {@code false} they answer 404 like any unknown path
	 * (default {@code true}).
	 * @param exampleMaxDelay upper bound of the random duration of the {@code /example} task (default 5 s, as in the
	 * original service).
	 */
	public record FaultRoutes(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration exampleMaxDelay) {
	}

	/**
	 * Logging.
	 *
	 * @param format {@code json} (one JSON object per line, for log shippers) or {@code plain} (for a terminal); read
	 * by {@code logback-spring.xml} (default {@code json}).
	 * @param accessLog whether every request writes one structured access-log line (default {@code true}).
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
