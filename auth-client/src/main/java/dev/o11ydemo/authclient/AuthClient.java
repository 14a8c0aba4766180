package dev.o11ydemo.authclient;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * auth-service's token introspection ({@code AUTH_SERVICE_URI}; timeouts in
 * {@link AuthClientDefaults}).
 */
@FeignClient(name = "auth-service")
interface AuthClient {

	@PostMapping("/login/introspect")
	Introspection introspect(@RequestBody IntrospectionRequest request);

	record IntrospectionRequest(String token) {
	}

	record Introspection(boolean active, String sub) {
	}

}
