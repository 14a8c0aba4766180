package dev.o11ydemo.observability;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the shared observability auto-configuration, under {@code observability.*}.
 * Every field can be set from the environment by Spring's relaxed binding, e.g.
 * {@code OBSERVABILITY_FAULTROUTES_ENABLED=false}.
 *
 * @param enabled whether the shared auto-configuration applies at all (default
 * {@code true}).
 * @param faultRoutes the routes that break things on purpose: {@code /crash},
 * {@code /serverError}, {@code /notFound}, {@code /example}.
 * @param logging log format and the per-request access log.
 * @param faults latency and failures injected into the service's own routes, changeable
 * at runtime through {@code /actuator/faults}.
 * @param maxRequestBody largest request body accepted; a larger one gets a 413 problem
 * (default 64KB).
 * @param requestBodyTimeout longest time a client may take to send a whole request body;
 * a slower one gets a 408 problem (default 10 s). Bodies are read without holding a
 * request thread, so slow clients cannot starve the service.
 * @param maxConcurrentBodyReads most request bodies read at once; beyond it a request
 * with a body gets a 503 problem, so the buffered bodies stay within
 * {@code maxConcurrentBodyReads × maxRequestBody} of memory (default 512).
 * @param serviceClients calls to the suite's other services.
 */
@ConfigurationProperties("observability")
public record ObservabilityProperties(@DefaultValue("true") boolean enabled, @DefaultValue FaultRoutes faultRoutes,
		@DefaultValue Logging logging, @DefaultValue Faults faults, @DefaultValue("64KB") DataSize maxRequestBody,
		@DefaultValue("10s") Duration requestBodyTimeout, @DefaultValue("512") int maxConcurrentBodyReads,
		@DefaultValue ServiceClients serviceClients) {

	/**
	 * The fault routes.
	 *
	 * @param enabled whether the fault controls are served: the fault routes and
	 * {@code /actuator/faults}; when {@code false} the routes answer 404 like any unknown
	 * path and no fault can be injected (default {@code true}).
	 * @param exampleMaxDelay upper bound of the random duration of the {@code /example}
	 * task (default 5 s, as in the original service).
	 * @param token shared secret that {@code /crash} and changes through
	 * {@code /actuator/faults} require, sent as {@code Authorization: Bearer <token>}, at
	 * least 16 characters; unset or blank, they are accepted only from loopback clients
	 * (default unset).
	 */
	public record FaultRoutes(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration exampleMaxDelay,
			@Nullable String token) {

		/** The token, or null when none is configured. */
		public @Nullable String configuredToken() {
			return (this.token == null || this.token.isBlank()) ? null : this.token;
		}

	}

	/**
	 * Faults injected into every route of the service except probes, {@code /metrics} and
	 * the actuator. These are the values at start and after a reset;
	 * {@code /actuator/faults} changes them while the service runs.
	 *
	 * @param latency added to every request before it is handled (default 0).
	 * @param failureRatio share of requests, from 0 to 1, answered with a 500 problem
	 * instead (default 0).
	 */
	public record Faults(@DefaultValue("0ms") Duration latency, @DefaultValue("0") double failureRatio) {
	}

	/**
	 * Logging.
	 *
	 * @param format {@code json} (one JSON object per line, for log shippers) or
	 * {@code plain} (for a terminal); read by {@code logback-spring.xml} (default
	 * {@code json}).
	 * @param accessLog whether every request writes one structured access-log line
	 * (default {@code true}).
	 */
	public record Logging(@DefaultValue("json") LogFormat format, @DefaultValue("true") boolean accessLog) {
	}

	/**
	 * Calls to the suite's other services (Feign with Apache HttpClient 5).
	 *
	 * @param retryClosedConnections whether a call that failed on a pooled connection the
	 * peer had closed is sent once more (default {@code true}); timeouts and refused
	 * connections are never retried.
	 */
	public record ServiceClients(@DefaultValue("true") boolean retryClosedConnections) {
	}

	/** How log lines are written to stdout. */
	public enum LogFormat {

		/** One JSON object per line. */
		JSON,

		/** Human-readable lines. */
		PLAIN

	}

}
