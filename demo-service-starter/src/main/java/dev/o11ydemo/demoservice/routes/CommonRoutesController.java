package dev.o11ydemo.demoservice.routes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The always-on common routes of the original services: {@code /healthy} and
 * {@code /logs} (Node.js), and {@code /health} (FastAPI).
 */
@RestController
class CommonRoutesController {

	private static final Logger logger = LoggerFactory.getLogger(CommonRoutesController.class);

	private final String serviceName;

	CommonRoutesController(String serviceName) {
		this.serviceName = serviceName;
	}

	@GetMapping("/healthy")
	Healthy healthy() {
		return new Healthy(this.serviceName, "healthy");
	}

	@GetMapping("/health")
	Status health() {
		return new Status("ok");
	}

	@GetMapping("/logs")
	Objective logs() {
		logger.info("Generating logs: first line");
		logger.info("Generating logs: second line");
		logger.info("Generating logs: third line");
		return new Objective("To generate logs");
	}

	record Healthy(String name, String status) {
	}

	record Objective(String objective) {
	}

	record Status(String status) {
	}

}
