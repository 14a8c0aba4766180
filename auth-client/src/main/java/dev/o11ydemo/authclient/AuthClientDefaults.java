package dev.o11ydemo.authclient;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Where auth-service is and how long to wait for it, for every service that checks
 * tokens, as the lowest-precedence settings: {@code AUTH_SERVICE_URI} (default
 * {@code http://localhost:8081}), {@code AUTH_CONNECT_TIMEOUT_MS} (2000) and
 * {@code AUTH_READ_TIMEOUT_MS} (3000). A dead or hung auth-service must give a fast 503
 * and free the request thread. The introspection credential is the service's name and
 * {@code AUTH_INTROSPECTION_SECRET}.
 */
class AuthClientDefaults implements EnvironmentPostProcessor {

	private static final String CLIENT = "spring.cloud.openfeign.client.config.auth-service.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("authClientDefaults",
					Map.of(CLIENT + "url", "${AUTH_SERVICE_URI:http://localhost:8081}", CLIENT + "connect-timeout",
							"${AUTH_CONNECT_TIMEOUT_MS:2000}", CLIENT + "read-timeout", "${AUTH_READ_TIMEOUT_MS:3000}",
							"auth-client.client-id", "${spring.application.name:}", "auth-client.client-secret",
							"${AUTH_INTROSPECTION_SECRET:}")));
	}

}
