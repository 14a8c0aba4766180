package dev.o11ydemo.authclient;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * This service's introspection credential, as the lowest-precedence settings: its
 * {@code spring.application.name} and {@code AUTH_INTROSPECTION_SECRET}. Where
 * auth-service is and how long to wait for it come from the suite's list of services,
 * like every other call between them ({@code ServiceClientDefaults}).
 */
class AuthClientDefaults implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("authClientDefaults", Map.of("auth-client.client-id",
					"${spring.application.name:}", "auth-client.client-secret", "${AUTH_INTROSPECTION_SECRET:}")));
	}

}
