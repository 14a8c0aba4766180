package dev.o11ydemo.order.status;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The FastAPI original's status route. */
@RestController
class StatusController {

	@GetMapping("/")
	Message root() {
		return new Message("Order service is running");
	}

	record Message(String message) {
	}

}
