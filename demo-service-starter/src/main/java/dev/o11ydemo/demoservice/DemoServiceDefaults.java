package dev.o11ydemo.demoservice;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.o11ydemo.demoservice.clients.ServiceClientDefaults;
import dev.o11ydemo.observability.ExposedEndpoints;

/**
 * Adds the demo services' defaults for Spring Boot's own settings as a low-precedence
 * property source, so that every service behaves alike with zero configuration and any of
 * them can still be overridden by the service or the environment.
 */
class DemoServiceDefaults implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "demoServiceDefaults";

	private static final String REQUEST_THREADS = "server.tomcat.threads.max";

	/**
	 * Tomcat's default of 200 request threads took order-service over its pod's memory
	 * limit under a burst (docs/performance.md). Requests beyond 64 wait for a thread
	 * instead of failing.
	 */
	static final int DEFAULT_REQUEST_THREADS = 64;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("demo.enabled", Boolean.class, true)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		// Probe groups exist outside Kubernetes too, so local runs and compose use the
		// same URLs as the pods.
		defaults.put("management.endpoint.health.probes.enabled", "true");
		// RFC 9457 problem bodies for every error Spring MVC raises (404, 405, 415, bad
		// JSON ...).
		defaults.put("spring.mvc.problemdetails.enabled", "true");
		// No service takes file uploads; left on, any request claiming
		// multipart/form-data without a valid body fails in the multipart parser with a
		// 500 before a route is even chosen.
		defaults.put("spring.servlet.multipart.enabled", "false");
		defaults.put(REQUEST_THREADS, Integer.toString(DEFAULT_REQUEST_THREADS));
		// Tomcat's default of 8192 connections took a pod's heap past its maximum when
		// each stalled in its headers, and the JVM exited; at 2048 no number of clients
		// can (docs/security.md, "Connections against memory"). Further connections
		// wait in the kernel's backlog instead.
		defaults.put("server.tomcat.max-connections", "2048");
		// A call waits at most this long for a pooled connection to another service
		// (Spring Cloud's default is three minutes): when a dependency is slow enough to
		// use up the pool, callers fail fast instead of piling up.
		defaults.put("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout", "2");
		defaults.put("spring.cloud.openfeign.httpclient.hc5.connection-request-timeout-unit", "seconds");
		// Where each service this one calls is, how long to wait for it and how many
		// connections to keep to it, sized by the request threads this service runs.
		defaults.putAll(ServiceClientDefaults.of(environment.getProperty("spring.application.name", ""),
				environment.getProperty(REQUEST_THREADS, Integer.class, DEFAULT_REQUEST_THREADS)));
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		// The probes' group needs health exposed even where the observability starter is
		// switched off.
		ExposedEndpoints.add(environment, "health", "faults");
	}

}
