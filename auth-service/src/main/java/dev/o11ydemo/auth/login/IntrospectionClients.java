package dev.o11ydemo.auth.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import dev.o11ydemo.demoservice.addresses.ClientAddresses;
import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Authenticates the callers of token introspection (RFC 7662 §2.1): HTTP Basic with a
 * client id of {@code auth.introspection.clients} and the shared secret, compared in
 * constant time. Without a secret configured, only callers on this host are served (as
 * {@code ./run.sh} runs the suite), and nobody on Kubernetes, where every pod is one hop
 * away. Anyone else gets a 401 problem: a stranger cannot test stolen or guessed tokens
 * here.
 */
@Component
class IntrospectionClients {

	static final String CLIENT_AUTHENTICATION_REQUIRED = "client-authentication-required";

	/** A guessable secret would be no credential. */
	static final int MIN_SECRET_LENGTH = 16;

	private static final Logger logger = LoggerFactory.getLogger(IntrospectionClients.class);

	private final AuthProperties.Introspection settings;

	private final byte @Nullable [] secret;

	private final boolean closedWithoutSecret;

	IntrospectionClients(AuthProperties properties, Environment environment) {
		this.settings = properties.introspection();
		String configured = this.settings.configuredSecret();
		if (configured != null && configured.length() < MIN_SECRET_LENGTH) {
			throw new IllegalStateException(
					"AUTH_INTROSPECTION_SECRET must have at least " + MIN_SECRET_LENGTH + " characters");
		}
		this.secret = (configured != null) ? configured.getBytes(StandardCharsets.UTF_8) : null;
		this.closedWithoutSecret = CloudPlatform.getActive(environment) == CloudPlatform.KUBERNETES;
		if (this.secret == null) {
			logger.warn(this.closedWithoutSecret
					? "AUTH_INTROSPECTION_SECRET is not set on Kubernetes: every token introspection is refused, so "
							+ "order-service and payment-service cannot check tokens. Set it from a Secret."
					: "AUTH_INTROSPECTION_SECRET is not set: token introspection answers callers on this host only.");
		}
	}

	/** The calling client's id; throws a 401 problem for anyone else. */
	String authenticate(HttpServletRequest request) {
		if (this.secret == null) {
			if (!this.closedWithoutSecret && ClientAddresses.fromThisHost(request)) {
				return "local";
			}
			throw refusal("Introspection needs the client credential (AUTH_INTROSPECTION_SECRET).");
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			String credentials = decode(authorization.substring(6).strip());
			int colon = (credentials != null) ? credentials.indexOf(':') : -1;
			if (colon > 0) {
				String client = credentials.substring(0, colon);
				boolean secretMatches = MessageDigest.isEqual(this.secret,
						credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
				if (secretMatches && this.settings.clients().contains(client)) {
					return client;
				}
			}
		}
		throw refusal("Send Authorization: Basic <client id:AUTH_INTROSPECTION_SECRET>.");
	}

	private static @Nullable String decode(String base64) {
		try {
			return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException notBase64) {
			return null;
		}
	}

	private static ErrorResponseException refusal(String detail) {
		ErrorResponseException ex = Problems.exception(HttpStatus.UNAUTHORIZED, CLIENT_AUTHENTICATION_REQUIRED,
				"Client authentication required", detail);
		ex.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"introspection\"");
		return ex;
	}

}
