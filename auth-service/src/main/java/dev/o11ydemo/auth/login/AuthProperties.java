package dev.o11ydemo.auth.login;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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
 * @param loginThrottle how many failed logins a client address and a user name may have.
 * @param introspection who may ask whether a token is valid.
 */
@ConfigurationProperties("auth")
record AuthProperties(String jwtSecret, @DefaultValue("15m") Duration tokenTtl,
		@DefaultValue("auth-service") String issuer, Map<String, String> users,
		@DefaultValue LoginThrottle loginThrottle, @DefaultValue Introspection introspection) {

	AuthProperties {
		users = (users != null) ? Map.copyOf(users) : Map.of();
	}

	/**
	 * Failed logins, counted per client address and per user name (OWASP API4, ASVS
	 * 2.2.1).
	 *
	 * @param enabled whether failed logins are limited at all (default {@code true}).
	 * @param failures failed logins a client address, or a user name, may have within
	 * {@code per} before further attempts get a 429 problem (default 10).
	 * @param per the window the failures refill over (default 1 minute).
	 * @param maxTracked most client addresses, and most user names, counted at once; the
	 * least recently seen are forgotten first, so a flood of invented names cannot grow
	 * the heap (default 10,000 each).
	 */
	record LoginThrottle(@DefaultValue("true") boolean enabled, @DefaultValue("10") int failures,
			@DefaultValue("1m") Duration per, @DefaultValue("10000") int maxTracked) {
	}

	/**
	 * Client authentication of {@code POST /login/introspect} (RFC 7662 §2.1): HTTP Basic
	 * with one of {@code clients} and the secret.
	 *
	 * @param clientSecret the secret the calling services send; unset or blank, only
	 * callers on this host are served, and nobody on Kubernetes (default unset).
	 * @param clients the client ids that may introspect (default order-service and
	 * payment-service).
	 */
	record Introspection(@Nullable String clientSecret, @DefaultValue( {
			"order-service", "payment-service" }) List<String> clients){

		/** The secret, or null when none is configured. */
		@Nullable String configuredSecret() {
			return (this.clientSecret == null || this.clientSecret.isBlank()) ? null : this.clientSecret;
		}

	}

}
