package dev.o11ydemo.demoservice;

import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.o11ydemo.demoservice.routes.ProcessTerminator;

/**
 * A minimal service using both starters, as the suite's services do.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

	@Bean
	RecordingTerminator recordingTerminator() {
		return new RecordingTerminator();
	}

	/** Registered as a member class of this configuration. */
	@RestController
	static class ThingsController {

		@GetMapping("/things/{id}")
		String thing(@PathVariable String id) {
			return "thing " + id;
		}

		@PostMapping("/things")
		NewThing create(@Valid @RequestBody NewThing thing) {
			return thing;
		}

		record NewThing(@NotBlank String name, @NotNull @Min(1) Integer count) {
		}

	}

	/** Records /crash instead of halting the test JVM. */
	public static class RecordingTerminator implements ProcessTerminator {

		public final CopyOnWriteArrayList<Integer> statuses = new CopyOnWriteArrayList<>();

		@Override
		public void terminate(int status) {
			this.statuses.add(status);
		}

	}

}
