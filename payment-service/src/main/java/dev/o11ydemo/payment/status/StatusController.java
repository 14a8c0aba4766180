package dev.o11ydemo.payment.status;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The FastAPI original's status routes. */
@RestController
class StatusController {

	@GetMapping("/")
	Message root() {
		return new Message("Payment service is running");
	}

	record Message(String message) {
	}

}
