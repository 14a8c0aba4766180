package dev.o11ydemo.demoservice.routes;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The routes that break things on purpose, for demos and alert drills. Registered only
 * while {@code demo.fault-routes.enabled} is true; otherwise they answer 404 like any
 * unknown path.
 */
@RestController
class FaultRoutesController {

	private static final Logger logger = LoggerFactory.getLogger(FaultRoutesController.class);

	private final ProcessTerminator terminator;

	private final Duration exampleMaxDelay;

	FaultRoutesController(ProcessTerminator terminator, Duration exampleMaxDelay) {
		this.terminator = terminator;
		this.exampleMaxDelay = exampleMaxDelay;
	}

	@GetMapping("/serverError")
	ResponseEntity<NumericError> serverError() {
		// The leading space is the original's; dashboards and tests written against it
		// match the exact body.
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new NumericError(" Internal server error", 500));
	}

	@GetMapping("/notFound")
	ResponseEntity<TextError> notFound() {
		// The original sends the status code as a string here (and as a number on
		// /serverError).
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new TextError("Not Found", "404"));
	}

	@GetMapping("/crash")
	void crash() {
		logger.error("Crash requested on /crash: exiting with status 1");
		this.terminator.terminate(1);
	}

	@GetMapping("/example")
	CompletableFuture<ResponseEntity<String>> example(HttpServletRequest request) {
		long delayMillis = ThreadLocalRandom.current().nextLong(this.exampleMaxDelay.toMillis() + 1);
		long start = System.nanoTime();
		// The request thread is released while the task waits; the response is written
		// when it completes.
		return CompletableFuture.supplyAsync(() -> {
			double seconds = (System.nanoTime() - start) / 1e9;
			request.setAttribute(ExampleGauge.TASK_SECONDS_ATTRIBUTE, seconds);
			logger.info("Async task completed in {} s", seconds);
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("Async task completed");
		}, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
	}

	record NumericError(String error, int statusCode) {
	}

	record TextError(String error, String statusCode) {
	}

}
