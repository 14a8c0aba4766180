package dev.o11ydemo.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the suite's defaults for Spring Boot's own settings as the lowest-precedence
 * property source, so that every service behaves alike with zero configuration and any of
 * them can still be overridden by the service or the environment.
 */
class ObservabilityDefaults implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "observabilityDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("observability.enabled", Boolean.class, true)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		// /metrics is served by the starter; the actuator endpoint stays reachable for
		// tools that expect it.
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus,faults");
		// Probe groups exist outside Kubernetes too, so local runs and compose use the
		// same URLs as the pods.
		defaults.put("management.endpoint.health.probes.enabled", "true");
		// "application", not "service": the Prometheus Operator already sets a "service"
		// target label.
		defaults.put("management.metrics.tags.application", "${spring.application.name:unknown}");
		// OpenMetrics allows exemplars only on histogram buckets and counter totals;
		// Prometheus (2.42 at least) rejects
		// a whole scrape that has one on a _count or a summary quantile, which the
		// exporter writes unless told not to.
		defaults.put("management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes",
				"false");
		// RFC 9457 problem bodies for every error Spring MVC raises (404, 405, 415, bad
		// JSON ...).
		defaults.put("spring.mvc.problemdetails.enabled", "true");
		// No service takes file uploads; left on, any request claiming
		// multipart/form-data without a valid body fails
		// in the multipart parser with a 500 before a route is even chosen.
		defaults.put("spring.servlet.multipart.enabled", "false");
		// Without a catch-all static resource mapping, unknown paths have no route
		// template and share one label.
		defaults.put("spring.web.resources.add-mappings", "false");
		// stdout carries one JSON object per line; a banner would be the only lines a log
		// shipper cannot parse.
		defaults.put("spring.main.banner-mode", "off");
		// Virtual threads make the Prometheus text writer allocate many times more per
		// scrape.
		defaults.put("spring.threads.virtual.enabled", "false");
		// Tomcat's 200 request threads cost about 1 MiB each once a burst has started
		// them: at 100 orders/s on a
		// saturated machine order-service grew to 711 MiB, over its pod's 640 MiB limit;
		// with 64 it stayed at 548 MiB
		// with the same throughput and latency. Requests beyond 64 wait for a thread
		// instead of failing.
		defaults.put("server.tomcat.threads.max", "64");
		// A call waits at most this long for a pooled connection to another service
		// (Spring Cloud's default is three
		// minutes): when a dependency is slow enough to use up the pool, callers fail
		// fast instead of piling up.
		defaults.put("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout", "2");
		defaults.put("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout-unit", "seconds");
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

}
