package dev.o11ydemo.auth.login;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies HS256-signed JWTs with Nimbus JOSE+JWT. Verification accepts only
 * HS256 with this service's key, an unexpired {@code exp} and this issuer:
 * {@code alg: none}, other algorithms and other keys are refused.
 */
@Component
class Tokens {

	private static final Logger logger = LoggerFactory.getLogger(Tokens.class);

	static final int MIN_SECRET_BYTES = 32;

	private final JWSSigner signer;

	private final JWSVerifier verifier;

	private final AuthProperties properties;

	private final Clock clock;

	/** The kinds of verifier failure logged so far: a handful of classes at most. */
	private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();

	@Autowired
	Tokens(AuthProperties properties) {
		this(properties, Clock.systemUTC());
	}

	Tokens(AuthProperties properties, Clock clock) {
		this(properties, clock, null);
	}

	/**
	 * @param verifier the verifier to check signatures with, or null for the HS256 one of
	 * the configured key
	 */
	Tokens(AuthProperties properties, Clock clock, @Nullable JWSVerifier verifier) {
		this.properties = properties;
		this.clock = clock;
		byte[] secret = secret(properties.jwtSecret());
		try {
			this.signer = new MACSigner(secret);
			this.verifier = (verifier != null) ? verifier : new MACVerifier(secret);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("auth.jwt-secret cannot be used as an HS256 key", ex);
		}
	}

	private static byte[] secret(String configured) {
		if (configured == null || configured.isBlank()) {
			byte[] random = new byte[MIN_SECRET_BYTES];
			new SecureRandom().nextBytes(random);
			logger.warn("AUTH_JWT_SECRET is not set: signing with a random key, so tokens are valid only until this "
					+ "process ends and only at this replica. Set AUTH_JWT_SECRET (32+ bytes) from a Secret.");
			return random;
		}
		byte[] secret = configured.getBytes(StandardCharsets.UTF_8);
		if (secret.length < MIN_SECRET_BYTES) {
			throw new IllegalStateException("AUTH_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
		}
		return secret;
	}

	/** A signed token for {@code subject}. */
	Token issue(String subject) {
		Instant now = this.clock.instant();
		Instant expiry = now.plus(this.properties.tokenTtl());
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(this.properties.issuer())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(expiry))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing failed", ex);
		}
		return new Token(jwt.serialize(), this.properties.tokenTtl().toSeconds());
	}

	/** The claims of a valid token, or empty for anything else. */
	Optional<JWTClaimsSet> verify(String token) {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(this.verifier)) {
				return Optional.empty();
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			Date expiry = claims.getExpirationTime();
			if (expiry == null || !expiry.toInstant().isAfter(this.clock.instant())
					|| !this.properties.issuer().equals(claims.getIssuer()) || claims.getSubject() == null) {
				return Optional.empty();
			}
			return Optional.of(claims);
		}
		catch (ParseException notAJwt) {
			// The client's doing: no log line per garbage token.
			return Optional.empty();
		}
		catch (JOSEException | IllegalStateException ex) {
			// The verifier's doing: every token would be inactive, so it must show, once
			// per cause rather than once per request.
			if (this.loggedCauses.add(ex.getClass().getName())) {
				logger.error("Token verification failed, the token counts as inactive", ex);
			}
			return Optional.empty();
		}
	}

	/**
	 * An issued token.
	 *
	 * @param value the compact JWT
	 * @param expiresInSeconds lifetime in seconds
	 */
	record Token(String value, long expiresInSeconds) {
	}

}
