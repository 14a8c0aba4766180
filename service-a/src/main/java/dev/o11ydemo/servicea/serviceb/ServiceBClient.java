package dev.o11ydemo.servicea.serviceb;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * service-b over HTTP. Base URL and timeouts are set under
 * {@code spring.cloud.openfeign.client.config.service-b} ({@code SERVICE_B_URI},
 * {@code SERVICE_B_CONNECT_TIMEOUT_MS}, {@code SERVICE_B_READ_TIMEOUT_MS}).
 */
@FeignClient(name = "service-b")
interface ServiceBClient {

	@GetMapping("/hello")
	String hello();

}
