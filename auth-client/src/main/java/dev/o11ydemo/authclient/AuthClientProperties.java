package dev.o11ydemo.authclient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this service authenticates to auth-service's token introspection (RFC 7662 §2.1),
 * under {@code auth-client.*}; {@link AuthClientDefaults} sets both from the environment.
 *
 * @param enabled whether tokens are checked at auth-service at all (default
 * {@code true}).
 * @param clientId the client id sent with HTTP Basic (default the service's
 * {@code spring.application.name}).
 * @param clientSecret the shared introspection secret
 * ({@code AUTH_INTROSPECTION_SECRET}); unset or blank, no credential is sent, which
 * auth-service accepts only from its own host (default unset).
 */
@ConfigurationProperties("auth-client")
record AuthClientProperties(@DefaultValue("true") boolean enabled, @Nullable String clientId,
		@Nullable String clientSecret) {

	/** The {@code Authorization} header to send, or null for none. */
	@Nullable String authorization() {
		if (this.clientSecret == null || this.clientSecret.isBlank() || this.clientId == null) {
			return null;
		}
		return "Basic " + Base64.getEncoder()
			.encodeToString((this.clientId + ":" + this.clientSecret).getBytes(StandardCharsets.UTF_8));
	}

}
