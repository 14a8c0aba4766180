package dev.o11ydemo.authclient;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * auth-service's token introspection; its base URL ({@code AUTH_SERVICE_URI}) and
 * timeouts come from the suite's list of services ({@code ServiceClientDefaults}).
 */
@FeignClient(name = "auth-service")
interface AuthClient {

	/**
	 * @param authorization this service's client credential, or null to send none
	 */
	@PostMapping("/login/introspect")
	Introspection introspect(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestBody IntrospectionRequest request);

	record IntrospectionRequest(String token) {
	}

	record Introspection(boolean active, String sub) {
	}

}
