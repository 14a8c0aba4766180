package dev.o11ydemo.observability;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the suite's observability defaults for Spring Boot's own settings as the
 * lowest-precedence property source, so that every service writes the same signals with
 * zero configuration and any setting can still be overridden by the service or the
 * environment. Runs before logging starts, so the log format applies from the first line.
 */
class ObservabilityDefaults implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "observabilityDefaults";

	/** Readable lines for a terminal, still with the trace id. */
	static final String PLAIN_PATTERN = "%d{HH:mm:ss.SSS} %5p ${spring.application.name:unknown} [%X{trace_id:-}] "
			+ "%-30.30logger{29} : %m%n%wEx";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("observability.enabled", Boolean.class, true)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		// "application", not "service": the Prometheus Operator already sets a "service"
		// target label.
		defaults.put("management.metrics.tags.application", "${spring.application.name:unknown}");
		// OpenMetrics allows exemplars only on histogram buckets and counter totals;
		// Prometheus (2.42 at least) rejects a whole scrape that has one on a _count or a
		// summary quantile, which the exporter writes unless told not to.
		defaults.put("management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes",
				"false");
		// Without a catch-all static resource mapping, unknown paths have no route
		// template and share one label.
		defaults.put("spring.web.resources.add-mappings", "false");
		// Virtual threads make the Prometheus text writer allocate many times more per
		// scrape.
		defaults.put("spring.threads.virtual.enabled", "false");
		// stdout carries one JSON object per line; a banner would be the only lines a log
		// shipper cannot parse.
		defaults.put("spring.main.banner-mode", "off");
		// The access log already records every 404; a scan of random URLs must not also
		// add a WARN per request.
		defaults.put("logging.level.org.springframework.web.servlet.PageNotFound", "ERROR");
		if (isPlain(environment.getProperty("observability.logging.format"))) {
			defaults.put("logging.pattern.console", PLAIN_PATTERN);
		}
		else {
			addJsonLogFormat(defaults);
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		// /metrics is served by the starter; the actuator endpoint stays reachable for
		// tools that expect it.
		ExposedEndpoints.add(environment, "health", "info", "prometheus");
	}

	/** Any other value, a typo included, keeps JSON rather than silencing the logs. */
	private static boolean isPlain(String format) {
		return format != null && format.trim().toLowerCase(Locale.ROOT).equals("plain");
	}

	/**
	 * One JSON object per line: timestamp, level, logger, thread, message, service, the
	 * MDC (trace_id, span_id from the OpenTelemetry agent) and the access log's fields.
	 */
	private static void addJsonLogFormat(Map<String, Object> defaults) {
		defaults.put("logging.structured.format.console", "logstash");
		defaults.put("logging.structured.json.exclude", "@version,level_value");
		defaults.put("logging.structured.json.rename[@timestamp]", "timestamp");
		defaults.put("logging.structured.json.rename[logger_name]", "logger");
		defaults.put("logging.structured.json.rename[thread_name]", "thread");
		defaults.put("logging.structured.json.add.service", "${spring.application.name:unknown}");
	}

}
