package dev.o11ydemo.auth.login;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * auth-service settings, under {@code auth.*}.
 *
 * @param jwtSecret HS256 signing key, at least 32 bytes; blank means a random key per
 * process.
 * @param tokenTtl how long an issued token is valid (default 15 minutes).
 * @param issuer the {@code iss} claim of issued tokens, checked on introspection (default
 * {@code auth-service}).
 * @param users user name to BCrypt hash of the password.
 */
@ConfigurationProperties("auth")
record AuthProperties(String jwtSecret, @DefaultValue("15m") Duration tokenTtl,
		@DefaultValue("auth-service") String issuer, Map<String, String> users) {

	AuthProperties {
		users = (users != null) ? Map.copyOf(users) : Map.of();
	}

}
