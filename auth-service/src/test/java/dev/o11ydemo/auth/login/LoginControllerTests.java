package dev.o11ydemo.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;

/**
 * Login and introspection over real HTTP. The test configuration has user alice (password
 * "wonderland") and a known signing key, so the tests can also forge tokens the way an
 * attacker would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LoginControllerTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String SECRET = "test-only-secret-of-at-least-32-bytes!";

	@LocalServerPort
	int port;

	@Test
	void loginIssuesABearerTokenThatIntrospectsAsActive() throws Exception {
		HttpResponse<String> response = login("alice", "wonderland");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.path("expires_in").asLong()).isEqualTo(900);
		JsonNode introspection = introspect(body.path("access_token").asString());
		assertThat(introspection.path("active").asBoolean()).isTrue();
		assertThat(introspection.path("sub").asString()).isEqualTo("alice");
		assertThat(introspection.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
	}

	@Test
	void theDemoUserFromTheDefaultsCanLogIn() throws Exception {
		assertThat(login("demo", "demo").statusCode()).isEqualTo(200);
	}

	@Test
	void wrongPasswordIs401Problem() throws Exception {
		HttpResponse<String> response = login("alice", "looking-glass");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(Http.contentType(response)).startsWith("application/problem+json");
		assertThat(json.readTree(response.body()).path("type").asString())
			.isEqualTo("urn:o11ydemo:problem:invalid-credentials");
	}

	@Test
	void unknownUserIs401Problem() throws Exception {
		assertThat(login("mallory", "wonderland").statusCode()).isEqualTo(401);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{\"username\":\"alice\"}", "{\"password\":\"x\"}", "{\"username\":\"\",\"password\":\"x\"}" })
	void missingCredentialsAre400(String body) throws Exception {
		HttpResponse<String> response = Http.postJson(url("/login"), body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("urn:o11ydemo:problem:invalid-request");
	}

	@Test
	void aTokenSignedWithAnotherKeyIsInactive() throws Exception {
		String forged = sign(JWSAlgorithm.HS256, "another-key-another-key-another-key!!", "alice", 600);
		assertThat(introspect(forged).path("active").asBoolean()).isFalse();
	}

	@Test
	void anUnsignedAlgNoneTokenIsInactive() throws Exception {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String claims = encoder.encodeToString(
				("{\"sub\":\"alice\",\"iss\":\"auth-service\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}")
					.getBytes(StandardCharsets.UTF_8));
		assertThat(introspect(header + "." + claims + ".").path("active").asBoolean()).isFalse();
	}

	@Test
	void aTokenWithAnotherAlgorithmIsInactiveEvenWithTheRightKey() throws Exception {
		String hs512 = sign(JWSAlgorithm.HS512, SECRET + SECRET, "alice", 600);
		assertThat(introspect(hs512).path("active").asBoolean()).isFalse();
	}

	@Test
	void anExpiredTokenIsInactive() throws Exception {
		assertThat(introspect(sign(JWSAlgorithm.HS256, SECRET, "alice", -60)).path("active").asBoolean()).isFalse();
	}

	@Test
	void aTokenSignedWithTheRightKeyIsActiveSoTheForgeryTestsAreMeaningful() throws Exception {
		assertThat(introspect(sign(JWSAlgorithm.HS256, SECRET, "alice", 600)).path("active").asBoolean()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..." })
	void garbageIsInactive(String token) throws Exception {
		assertThat(introspect(token).path("active").asBoolean()).isFalse();
	}

	@Test
	void loginsAreCountedByOutcome() throws Exception {
		login("alice", "wonderland");
		login("alice", "wrong");
		Scrape scrape = Scrape.parse(Http.get(url("/metrics")).body());
		assertThat(scrape.type("logins_total")).isEqualTo("counter");
		assertThat(scrape.samples("logins_total")).extracting((sample) -> sample.label("outcome"))
			.contains("success", "failure");
	}

	private static String sign(JWSAlgorithm algorithm, String key, String subject, long expiresInSeconds)
			throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer("auth-service")
			.expirationTime(Date.from(Instant.now().plusSeconds(expiresInSeconds)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
		jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	private HttpResponse<String> login(String username, String password) throws Exception {
		return Http.postJson(url("/login"), "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
	}

	private JsonNode introspect(String token) throws Exception {
		HttpResponse<String> response = Http.postJson(url("/login/introspect"), "{\"token\":\"" + token + "\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
