package dev.o11ydemo.auth.login;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.o11ydemo.demoservice.addresses.ClientAddresses;
import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Routes under {@code /login}, the ALB prefix of auth-service: {@code POST /login} issues
 * a token, failed logins throttled ({@link LoginThrottle});
 * {@code POST /login/introspect} tells an authenticated client service
 * ({@link IntrospectionClients}) whether a token is valid (RFC 7662 style).
 */
@RestController
@RequestMapping("/login")
class LoginController {

	private static final Logger logger = LoggerFactory.getLogger(LoginController.class);

	private final Users users;

	private final Tokens tokens;

	private final MeterProvider<Counter> logins;

	private final MeterProvider<Counter> introspections;

	private final LoginThrottle throttle;

	private final IntrospectionClients clients;

	LoginController(Users users, Tokens tokens, LoginThrottle throttle, IntrospectionClients clients,
			MeterRegistry registry) {
		this.users = users;
		this.tokens = tokens;
		this.throttle = throttle;
		this.clients = clients;
		this.logins = Counter.builder("logins").description("Login attempts by outcome").withRegistry(registry);
		this.introspections = Counter.builder("token.introspections")
			.description("Token introspections by result")
			.withRegistry(registry);
	}

	@PostMapping
	TokenResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		String address = ClientAddresses.client(http);
		this.throttle.check(address, request.username()).ifPresent((refusal) -> {
			logger.warn("Login refused for user {} from {}: too many failed logins by the {}", request.username(),
					address, refusal.scope().label());
			ErrorResponseException ex = Problems.exception(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
					"Too many failed logins",
					"Too many failed logins; retry after " + refusal.retryAfter().toSeconds() + " s.");
			ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfter().toSeconds()));
			throw ex;
		});
		if (!this.users.authenticate(request.username(), request.password())) {
			this.throttle.failed(address, request.username());
			this.logins.withTags("outcome", "failure").increment();
			logger.warn("Login failed for user {} from {}", request.username(), address);
			throw Problems.exception(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials",
					"Unknown user or wrong password.");
		}
		this.logins.withTags("outcome", "success").increment();
		Tokens.Token token = this.tokens.issue(request.username());
		return new TokenResponse(token.value(), "Bearer", token.expiresInSeconds());
	}

	@PostMapping("/introspect")
	Map<String, Object> introspect(@Valid @RequestBody IntrospectionRequest request, HttpServletRequest http) {
		this.clients.authenticate(http);
		Map<String, Object> result = new LinkedHashMap<>();
		this.tokens.verify(request.token()).ifPresentOrElse((claims) -> {
			result.put("active", true);
			result.put("sub", claims.getSubject());
			result.put("iss", claims.getIssuer());
			result.put("exp", claims.getExpirationTime().toInstant().getEpochSecond());
		}, () -> result.put("active", false));
		this.introspections.withTags("active", result.get("active").toString()).increment();
		return result;
	}

	record LoginRequest(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password) {
	}

	record IntrospectionRequest(@NotBlank @Size(max = 8192) String token) {
	}

	record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("expires_in") long expiresIn) {
	}

}
