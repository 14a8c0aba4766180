package dev.o11ydemo.observability.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.o11ydemo.observability.web.CompletedRequest;
import dev.o11ydemo.observability.web.CompletedRequestListener;

/**
 * Writes one access-log line per request. In JSON logs {@code method}, {@code route},
 * {@code status} and {@code duration_ms} are fields of their own (SLF4J key-value pairs,
 * which Spring Boot's structured logging writes as fields; {@code trace_id} comes from
 * the agent's MDC), so a log backend can filter on them; in plain logs they read as one
 * line.
 */
final class AccessLog implements CompletedRequestListener {

	static final String LOGGER_NAME = "http.access";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	@Override
	public void onCompleted(CompletedRequest request) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		long durationMillis = Math.round(request.durationNanos() / 1e6);
		logger.atInfo()
			.addKeyValue("method", request.method())
			.addKeyValue("route", request.route())
			.addKeyValue("status", request.status())
			.addKeyValue("duration_ms", durationMillis)
			.log("{} {} {} {}ms", request.method(), request.route(), request.status(), durationMillis);
	}

}
