package dev.o11ydemo.demoservice.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;

/**
 * The Feign client settings of every service a service calls, derived from the suite's
 * list of services ({@code scripts/services}, bundled in this jar as {@value #LIST}),
 * which names each service's port and the variable through which each caller finds each
 * service it calls. For a call to {@code payment-service} through
 * {@code PAYMENT_SERVICE_URI}:
 * <ul>
 * <li>{@code url}: {@code PAYMENT_SERVICE_URI}, else the callee's port on localhost;</li>
 * <li>{@code connect-timeout}: {@code PAYMENT_SERVICE_CONNECT_TIMEOUT_MS}, else
 * 2000;</li>
 * <li>{@code read-timeout}: {@code PAYMENT_SERVICE_READ_TIMEOUT_MS}, else 3000 for a
 * callee that calls no other service and 2000 more per level of calls beneath it, so that
 * a callee gives up on its own callees, and answers with a problem, before its caller
 * gives up on it.</li>
 * </ul>
 * The connection pool holds as many connections to each service as the caller has request
 * threads, and as many in all as that times the services it calls: a request thread holds
 * one pooled connection at a time, because its calls are synchronous, so no request waits
 * for the pool behind its own service's other requests. Spring Cloud's default of 50 per
 * service made the 51st to 64th concurrent requests wait for a connection, and answer 500
 * after the pool's request timeout whenever the callee was slow under load. A dead or
 * hung dependency gives a fast problem answer and frees the request thread.
 */
public final class ServiceClientDefaults {

	/** Where the list is on the class path. */
	static final String LIST = "META-INF/o11y-demo/services";

	static final int CONNECT_TIMEOUT_MS = 2000;

	static final int LEAF_READ_TIMEOUT_MS = 3000;

	static final int READ_TIMEOUT_PER_LEVEL_MS = 2000;

	private ServiceClientDefaults() {
	}

	/**
	 * The {@code spring.cloud.openfeign.client.config.*} and connection pool defaults of
	 * the service called {@code application}, which runs {@code requestThreads} request
	 * threads; none for a service the list does not name or that calls none.
	 */
	public static Map<String, Object> of(String application, int requestThreads) {
		Map<String, Service> services = read();
		Map<String, Object> defaults = new LinkedHashMap<>();
		Service caller = services.get(application);
		if (caller == null || caller.calls().isEmpty()) {
			return defaults;
		}
		defaults.put("spring.cloud.openfeign.httpclient.max-connections-per-route", requestThreads);
		defaults.put("spring.cloud.openfeign.httpclient.max-connections", requestThreads * caller.calls().size());
		caller.calls().forEach((variable, name) -> {
			Service callee = services.get(name);
			String client = "spring.cloud.openfeign.client.config." + name + ".";
			String prefix = variable.replaceFirst("_URI$", "");
			defaults.put(client + "url", "${" + variable + ":http://localhost:" + callee.port() + "}");
			defaults.put(client + "connect-timeout", "${" + prefix + "_CONNECT_TIMEOUT_MS:" + CONNECT_TIMEOUT_MS + "}");
			defaults.put(client + "read-timeout", "${" + prefix + "_READ_TIMEOUT_MS:"
					+ (LEAF_READ_TIMEOUT_MS + READ_TIMEOUT_PER_LEVEL_MS * levels(services, callee)) + "}");
		});
		return defaults;
	}

	/** How many levels of calls there are beneath {@code service}. */
	private static int levels(Map<String, Service> services, Service service) {
		return service.calls()
			.values()
			.stream()
			.mapToInt((called) -> 1 + levels(services, services.get(called)))
			.max()
			.orElse(0);
	}

	/**
	 * The list, whose lines are a service's name, its port and a {@code VARIABLE=service}
	 * per service it calls, each listed above it.
	 */
	private static Map<String, Service> read() {
		Map<String, Service> services = new LinkedHashMap<>();
		try (InputStream in = new ClassPathResource(LIST, ServiceClientDefaults.class.getClassLoader())
			.getInputStream()) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] parts = line.trim().split("\\s+");
				Map<String, String> calls = new LinkedHashMap<>();
				for (int i = 2; i < parts.length; i++) {
					String[] pair = parts[i].split("=", 2);
					if (pair.length != 2 || !services.containsKey(pair[1])) {
						throw new IllegalStateException(LIST + ": '" + parts[i] + "' is not VARIABLE=service for "
								+ "a service listed above " + parts[0]);
					}
					calls.put(pair[0], pair[1]);
				}
				services.put(parts[0], new Service(Integer.parseInt(parts[1]), calls));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return services;
	}

	private record Service(int port, Map<String, String> calls) {
	}

}
