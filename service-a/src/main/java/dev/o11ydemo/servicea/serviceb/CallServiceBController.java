package dev.o11ydemo.servicea.serviceb;

import java.nio.charset.StandardCharsets;

import feign.FeignException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /call-service-b}: service-b's greeting as the original's HTML, or its 500
 * when service-b is down, slow past the read timeout or failing. The timeouts bound how
 * long a request thread can wait.
 */
@RestController
class CallServiceBController {

	private static final Logger logger = LoggerFactory.getLogger(CallServiceBController.class);

	private static final MediaType HTML_UTF8 = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private final ServiceBClient serviceB;

	CallServiceBController(ServiceBClient serviceB) {
		this.serviceB = serviceB;
	}

	@GetMapping("/call-service-b")
	ResponseEntity<String> callServiceB() {
		try {
			String greeting = this.serviceB.hello();
			// The unclosed <h1> is the original's markup, kept byte for byte.
			return ResponseEntity.ok()
				.contentType(HTML_UTF8)
				.body("<h1 style=\"font-size: 100px\">Service B says: " + HtmlUtils.htmlEscape(greeting) + "<h1>");
		}
		catch (FeignException ex) {
			logger.error("Error communicating with Service B: {}", ex.getMessage());
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.contentType(HTML_UTF8)
				.body("Error communicating with Service B");
		}
	}

}
