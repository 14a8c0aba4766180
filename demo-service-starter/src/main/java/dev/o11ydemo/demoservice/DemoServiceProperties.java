package dev.o11ydemo.demoservice;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the demo-service auto-configuration, under {@code demo.*}. Every field can
 * be set from the environment by Spring's relaxed binding, e.g.
 * {@code DEMO_FAULTROUTES_ENABLED=false}.
 *
 * @param enabled whether the demo-service auto-configuration applies at all: problem
 * bodies, the body limits, the common and fault routes, runtime faults and the client and
 * server defaults (default {@code true}).
 * @param faultRoutes the routes that break things on purpose: {@code /crash},
 * {@code /serverError}, {@code /notFound}, {@code /example}.
 * @param faults the faults at start and after a reset (latency and failures on the
 * service's own routes, CPU, readiness), changeable at runtime through
 * {@code /actuator/faults}.
 * @param maxRequestBody largest request body accepted; a larger one gets a 413 problem
 * (default 64KB).
 * @param requestBodyTimeout longest time a client may take to send a whole request body;
 * a slower one gets a 408 problem (default 10 s). Bodies are read without holding a
 * request thread, so slow clients cannot starve the service.
 * @param maxConcurrentBodyReads most request bodies read at once; beyond it a request
 * with a body gets a 503 problem, so the buffered bodies stay within
 * {@code maxConcurrentBodyReads × maxRequestBody} of memory (default 512).
 * @param maxConcurrentBodyReadsPerClient most request bodies one client address (behind a
 * proxy, the address it appended to {@code X-Forwarded-For}) may have read at once;
 * beyond it that client gets a 429 problem, and the others keep their share (default 32).
 * @param serviceClients calls to the suite's other services.
 */
@ConfigurationProperties("demo")
public record DemoServiceProperties(@DefaultValue("true") boolean enabled, @DefaultValue FaultRoutes faultRoutes,
		@DefaultValue Faults faults, @DefaultValue("64KB") DataSize maxRequestBody,
		@DefaultValue("10s") Duration requestBodyTimeout, @DefaultValue("512") int maxConcurrentBodyReads,
		@DefaultValue("32") int maxConcurrentBodyReadsPerClient, @DefaultValue ServiceClients serviceClients) {

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
	 * @param cpu share, from 0 to 1, of the CPUs available to the JVM (a container's
	 * quota) burnt on background threads (default 0).
	 * @param heap share, from 0 to 0.95, of the long-lived heap (the old generation,
	 * within the JVM's maximum heap) filled with allocations held on to, as a leak would
	 * (default 0).
	 * @param ready whether the readiness probe may report UP; {@code false} keeps the
	 * service out of its load balancer while its liveness stays UP (default
	 * {@code true}).
	 */
	public record Faults(@DefaultValue("0ms") Duration latency, @DefaultValue("0") double failureRatio,
			@DefaultValue("0") double cpu, @DefaultValue("0") double heap, @DefaultValue("true") boolean ready) {
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

}
