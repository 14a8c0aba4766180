package dev.o11ydemo.authclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import feign.FeignException;
import feign.Request;
import feign.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.web.ErrorResponseException;

/**
 * What a token check answers for each of auth-service's answers: its own credential
 * refused is this service's configuration error (502), a token auth-service cannot take
 * is the user's (401), auth-service failing is its outage (503).
 */
class AuthenticatorTests {

	@ParameterizedTest(name = "auth-service answers {0}: {1} {2}")
	@CsvSource({ "401, 502, auth-client-refused", "403, 502, auth-client-refused", "400, 401, invalid-token",
			"413, 401, invalid-token", "500, 503, auth-unavailable", "503, 503, auth-unavailable" })
	void eachAnswerOfAuthServiceIsReportedAsWhatItIs(int answered, int status, String type) {
		Authenticator authenticator = new Authenticator((authorization, request) -> {
			throw FeignException.errorStatus("AuthClient#introspect", response(answered));
		}, null);
		ErrorResponseException ex = catchThrowableOfType(ErrorResponseException.class,
				() -> authenticator.subject("Bearer a.b.c"));
		assertThat(ex.getStatusCode().value()).isEqualTo(status);
		assertThat(ex.getBody().getType()).isEqualTo(URI.create("urn:o11ydemo:problem:" + type));
	}

	@Test
	void sendsItsClientCredentialWithEveryCheck() {
		List<String> sent = new ArrayList<>();
		Authenticator authenticator = new Authenticator((authorization, request) -> {
			sent.add(authorization);
			return new AuthClient.Introspection(true, "alice");
		}, "Basic b3JkZXItc2VydmljZTpzZWNyZXQ=");
		assertThat(authenticator.subject("Bearer a.b.c")).isEqualTo("alice");
		assertThat(sent).containsExactly("Basic b3JkZXItc2VydmljZTpzZWNyZXQ=");
	}

	@Test
	void theCredentialIsTheServicesNameAndTheSecret() {
		assertThat(new AuthClientProperties(true, "order-service", "secret").authorization())
			.isEqualTo("Basic b3JkZXItc2VydmljZTpzZWNyZXQ=");
		assertThat(new AuthClientProperties(true, "order-service", " ").authorization()).isNull();
		assertThat(new AuthClientProperties(true, "order-service", null).authorization()).isNull();
	}

	private static Response response(int status) {
		Request request = Request.create(Request.HttpMethod.POST, "http://auth-service/login/introspect", Map.of(),
				null, StandardCharsets.UTF_8, null);
		return Response.builder().status(status).reason("answer").request(request).headers(Map.of()).build();
	}

}
