package dev.o11ydemo.servicea.status;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StatusController {

	@GetMapping("/")
	Status status() {
		return new Status("🏃- Running");
	}

	record Status(String status) {
	}

}
