package dev.o11ydemo.demoservice.faults;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code /actuator/faults}: GET shows the injected faults, since when each kind is active
 * and when changes expire; POST changes them (JSON, any of {@code latency},
 * {@code failureRatio}, {@code cpu}, {@code heap}, {@code ready}, {@code dependency} with
 * {@code dependencyLatency} and/or {@code dependencyFailureRatio}, and an optional
 * {@code duration} after which what it set reverts); DELETE restores the defaults.
 */
@Endpoint(id = "faults")
class FaultsEndpoint {

	private final FaultInjector injector;

	FaultsEndpoint(FaultInjector injector) {
		this.injector = injector;
	}

	@ReadOperation
	Map<String, Object> faults() {
		return describe(this.injector.current());
	}

	/**
	 * The actuator binds a JSON body's fields to parameters of the same names: one per
	 * {@link FaultSetting} (a test holds this signature to them), then a dependency's and
	 * the duration.
	 */
	@WriteOperation
	Map<String, Object> change(@Nullable String latency, @Nullable Double failureRatio, @Nullable Double cpu,
			@Nullable Double heap, @Nullable String ready, @Nullable String dependency,
			@Nullable String dependencyLatency, @Nullable Double dependencyFailureRatio, @Nullable String duration) {
		try {
			Map<FaultSetting, Object> settings = new EnumMap<>(FaultSetting.class);
			given(settings, FaultSetting.LATENCY, parse("latency", latency));
			given(settings, FaultSetting.FAILURE_RATIO, failureRatio);
			given(settings, FaultSetting.CPU, cpu);
			given(settings, FaultSetting.HEAP, heap);
			given(settings, FaultSetting.READY, bool("ready", ready));
			FaultInjector.Change change = new FaultInjector.Change(settings, dependency,
					parse("dependencyLatency", dependencyLatency), dependencyFailureRatio, parse("duration", duration));
			if (change.isEmpty()) {
				throw new IllegalArgumentException("Give "
						+ Arrays.stream(FaultSetting.values()).map(FaultSetting::key).collect(Collectors.joining(", "))
						+ ", or a dependency with dependencyLatency and/or dependencyFailureRatio");
			}
			return describe(this.injector.update(change));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	@DeleteOperation
	Map<String, Object> reset() {
		return describe(this.injector.reset());
	}

	private static void given(Map<FaultSetting, Object> settings, FaultSetting setting, @Nullable Object value) {
		if (value != null) {
			settings.put(setting, value);
		}
	}

	/**
	 * The actuator hands a JSON boolean over as text; only {@code true} and {@code false}
	 * are one, not the "yes", "on" or "1" Spring's conversion would accept.
	 */
	private static @Nullable Boolean bool(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		return switch (value) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(name + " must be true or false");
		};
	}

	private static @Nullable Duration parse(String name, @Nullable String duration) {
		if (duration == null) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(duration);
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new IllegalArgumentException(name + " must be a duration such as 250ms or 2s");
		}
	}

	private Map<String, Object> describe(FaultInjector.Settings settings) {
		Map<String, Object> description = settings(settings);
		Map<String, Object> active = new TreeMap<>();
		this.injector.activeSince().forEach((kind, since) -> active.put(kind.label(), since.toString()));
		description.put("active", active);
		Map<String, Object> expires = new TreeMap<>();
		this.injector.expiresAt().forEach((key, at) -> expires.put(key, at.toString()));
		description.put("expires", expires);
		description.put("knownDependencies", this.injector.dependencies());
		description.put("defaults", settings(this.injector.defaults()));
		return description;
	}

	private static Map<String, Object> settings(FaultInjector.Settings settings) {
		Map<String, Object> description = new LinkedHashMap<>();
		settings.values().forEach((setting, value) -> description.put(setting.key(), setting.show(value)));
		Map<String, Object> dependencies = new TreeMap<>();
		settings.dependencies()
			.forEach((name, fault) -> dependencies.put(name,
					Map.of("latency", fault.latency().toMillis() + "ms", "failureRatio", fault.failureRatio())));
		description.put("dependencies", dependencies);
		return description;
	}

}
