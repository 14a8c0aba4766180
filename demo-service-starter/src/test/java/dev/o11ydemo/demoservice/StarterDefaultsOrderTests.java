package dev.o11ydemo.demoservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import dev.o11ydemo.observability.ExposedEndpoints;

/**
 * The starters' defaults do not depend on which starter's post-processor Spring Boot runs
 * first: each owns its keys, and the one they share, the exposed endpoints, is composed.
 */
class StarterDefaultsOrderTests {

	@Test
	void theStartersDefaultsAreTheSameWhicheverRunsFirst() {
		List<EnvironmentPostProcessor> processors = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class,
					ArgumentResolver.of(DeferredLogFactory.class, (DeferredLogFactory) Supplier::get)
						.and(ConfigurableBootstrapContext.class, new DefaultBootstrapContext()))
			.stream()
			.filter((processor) -> processor.getClass().getName().startsWith("dev.o11ydemo."))
			.toList();
		assertThat(processors).as("the observability and demo starters' post-processors").hasSize(2);
		Map<String, Object> inOrder = defaults(processors);
		List<EnvironmentPostProcessor> otherWay = new ArrayList<>(processors);
		Collections.reverse(otherWay);
		Map<String, Object> reversed = defaults(otherWay);
		assertThat(reversed).isEqualTo(inOrder);
		assertThat(inOrder).containsEntry(ExposedEndpoints.PROPERTY, "faults,health,info,prometheus")
			.containsEntry("spring.mvc.problemdetails.enabled", "true")
			.containsEntry("spring.main.banner-mode", "off");
	}

	/** Every property the processors add, as the environment resolves it. */
	private static Map<String, Object> defaults(List<EnvironmentPostProcessor> processors) {
		StandardEnvironment environment = new StandardEnvironment();
		List<String> before = environment.getPropertySources().stream().map(PropertySource::getName).toList();
		processors.forEach((processor) -> processor.postProcessEnvironment(environment, new SpringApplication()));
		Map<String, Object> properties = new TreeMap<>();
		environment.getPropertySources()
			.stream()
			.filter((source) -> !before.contains(source.getName()))
			.map((source) -> (EnumerablePropertySource<?>) source)
			.flatMap((source) -> Arrays.stream(source.getPropertyNames()))
			.forEach((name) -> properties.put(name, environment.getProperty(name)));
		return properties;
	}

}
