package dev.o11ydemo.demoservice.faults;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code /actuator/faults}: GET shows the injected latency and failure ratio, POST
 * changes them (JSON {@code {"latency": "500ms", "failureRatio": 0.5}}, either field
 * alone), DELETE restores the defaults.
 */
@Endpoint(id = "faults")
class FaultsEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(FaultsEndpoint.class);

	private final FaultInjector injector;

	FaultsEndpoint(FaultInjector injector) {
		this.injector = injector;
	}

	@ReadOperation
	Map<String, Object> faults() {
		return describe(this.injector.current());
	}

	@WriteOperation
	Map<String, Object> change(@Nullable String latency, @Nullable Double failureRatio) {
		if (latency == null && failureRatio == null) {
			throw new InvalidEndpointRequestException("Give latency and/or failureRatio", "nothing to change");
		}
		try {
			FaultInjector.Settings settings = this.injector.update(parse(latency), failureRatio);
			logger.warn("Faults changed: latency {}, failure ratio {}", settings.latency(), settings.failureRatio());
			return describe(settings);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	@DeleteOperation
	Map<String, Object> reset() {
		FaultInjector.Settings settings = this.injector.reset();
		logger.warn("Faults reset to the defaults: latency {}, failure ratio {}", settings.latency(),
				settings.failureRatio());
		return describe(settings);
	}

	private static @Nullable Duration parse(@Nullable String latency) {
		if (latency == null) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(latency);
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new IllegalArgumentException("latency must be a duration such as 250ms or 2s");
		}
	}

	private Map<String, Object> describe(FaultInjector.Settings settings) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("latency", settings.latency().toMillis() + "ms");
		description.put("failureRatio", settings.failureRatio());
		description.put("defaults", Map.of("latency", this.injector.defaults().latency().toMillis() + "ms",
				"failureRatio", this.injector.defaults().failureRatio()));
		return description;
	}

}
