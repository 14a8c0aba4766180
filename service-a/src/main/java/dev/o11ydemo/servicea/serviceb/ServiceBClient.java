package dev.o11ydemo.servicea.serviceb;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * service-b over HTTP; its base URL ({@code SERVICE_B_URI}) and timeouts come from the
 * suite's list of services ({@code ServiceClientDefaults}).
 */
@FeignClient(name = "service-b")
interface ServiceBClient {

	@GetMapping("/hello")
	String hello();

}
