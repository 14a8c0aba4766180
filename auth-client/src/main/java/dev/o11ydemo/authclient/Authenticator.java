package dev.o11ydemo.authclient;

import feign.FeignException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import dev.o11ydemo.demoservice.clients.Dependencies;
import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Turns an {@code Authorization: Bearer} header into the user it was issued to, by asking
 * auth-service ({@code POST /login/introspect}). No token, or one auth-service does not
 * vouch for (or cannot take as sent), is a 401; auth-service down, slow or failing is a
 * 503; auth-service refusing this service's own client credential is a 502. Every service
 * that serves a user's data checks the token itself, so a call that skips order-service
 * and goes straight to payment-service needs one too.
 */
public class Authenticator {

	private static final Logger logger = LoggerFactory.getLogger(Authenticator.class);

	private static final int MAX_TOKEN_LENGTH = 8192;

	private final AuthClient auth;

	private final @Nullable String credential;

	/**
	 * @param credential the {@code Authorization} header this service introspects with,
	 * or null for none
	 */
	Authenticator(AuthClient auth, @Nullable String credential) {
		this.auth = auth;
		this.credential = credential;
	}

	/** The subject of the request's bearer token. */
	public String subject(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw unauthorized("missing-token", "Missing bearer token",
					"Send Authorization: Bearer <access_token> from POST /login.");
		}
		String token = authorization.substring(7).trim();
		if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw unauthorized("invalid-token", "Invalid token", "The bearer token is not valid.");
		}
		AuthClient.Introspection introspection;
		try {
			introspection = this.auth.introspect(this.credential, new AuthClient.IntrospectionRequest(token));
		}
		catch (FeignException ex) {
			if (ex.status() == 401 || ex.status() == 403) {
				// This service's own credential was refused: its operator's to fix, not
				// the
				// user's.
				logger.error("auth-service refused this service's introspection credential ({}): check "
						+ "AUTH_INTROSPECTION_SECRET and the client id", ex.status());
				throw Problems.exception(HttpStatus.BAD_GATEWAY, "auth-client-refused", "Token check refused",
						"auth-service refused this service's client credential (" + ex.status() + ").");
			}
			if (ex.status() >= 400 && ex.status() < 500) {
				// auth-service could not take the token as sent: the user's token is no
				// good.
				logger.warn("auth-service refused to check a token: {}", Dependencies.describe("auth-service", ex));
				throw unauthorized("invalid-token", "Invalid token", "The bearer token is not valid.");
			}
			String why = Dependencies.describe("auth-service", ex);
			logger.error("Cannot verify a token: {}", why);
			throw Problems.exception(HttpStatus.SERVICE_UNAVAILABLE, "auth-unavailable", "Authentication unavailable",
					"Cannot verify the token: " + why + ".");
		}
		if (introspection == null || !introspection.active() || introspection.sub() == null) {
			throw unauthorized("invalid-token", "Invalid token", "The bearer token is invalid or expired.");
		}
		return introspection.sub();
	}

	private static ErrorResponseException unauthorized(String kind, String title, String detail) {
		ErrorResponseException ex = Problems.exception(HttpStatus.UNAUTHORIZED, kind, title, detail);
		ex.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		return ex;
	}

}
