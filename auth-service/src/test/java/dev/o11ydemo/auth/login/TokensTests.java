package dev.o11ydemo.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

class TokensTests {

	@Test
	void withoutASecretEachProcessSignsWithItsOwnRandomKey() {
		Tokens first = new Tokens(properties(""));
		Tokens second = new Tokens(properties(null));
		String token = first.issue("alice").value();
		assertThat(first.verify(token)).isPresent();
		assertThat(second.verify(token)).isEmpty();
	}

	@Test
	void refusesASecretShorterThan32Bytes() {
		assertThatIllegalStateException().isThrownBy(() -> new Tokens(properties("short")))
			.withMessageContaining("32 bytes");
	}

	@Test
	void tokensExpireAfterTheirTtl() {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		AuthProperties properties = properties("0123456789abcdef0123456789abcdef");
		String token = new Tokens(properties, Clock.fixed(now, ZoneOffset.UTC)).issue("alice").value();
		Tokens later = new Tokens(properties, Clock.fixed(now.plus(Duration.ofMinutes(15)), ZoneOffset.UTC));
		Tokens before = new Tokens(properties, Clock.fixed(now.plus(Duration.ofMinutes(14)), ZoneOffset.UTC));
		assertThat(before.verify(token)).isPresent();
		assertThat(later.verify(token)).isEmpty();
	}

	@Test
	void tokensOfAnotherIssuerAreRefused() {
		String token = new Tokens(new AuthProperties("0123456789abcdef0123456789abcdef", Duration.ofMinutes(5),
				"someone-else", Map.of(), null, null))
			.issue("alice")
			.value();
		assertThat(new Tokens(properties("0123456789abcdef0123456789abcdef")).verify(token)).isEmpty();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aBrokenVerifierMakesTokensInactiveAndSaysSoOncePerCause(CapturedOutput output) throws Exception {
		AuthProperties properties = properties("0123456789abcdef0123456789abcdef");
		String token = new Tokens(properties).issue("alice").value();
		JWSVerifier broken = new MACVerifier(new byte[32]) {
			@Override
			public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
				throw new JOSEException("no key material");
			}
		};
		Tokens tokens = new Tokens(properties, Clock.systemUTC(), broken);
		for (int i = 0; i < 3; i++) {
			assertThat(tokens.verify(token)).isEmpty();
		}
		assertThat(output.getAll().split("Token verification failed", -1)).hasSize(2);
		assertThat(tokens.verify("not-a-jwt")).isEmpty();
		assertThat(output.getAll().split("Token verification failed", -1)).as("garbage is the client's, no log line")
			.hasSize(2);
	}

	private static AuthProperties properties(String secret) {
		return new AuthProperties(secret, Duration.ofMinutes(15), "auth-service", Map.of(), null, null);
	}

}
