package dev.o11ydemo.observability;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * The actuator endpoints the suite's starters expose over HTTP, composed rather than
 * overwritten: each starter adds the ids it serves, in any order, and the sorted union is
 * the value of {@value #PROPERTY} in Spring Boot's lowest-precedence
 * {@code defaultProperties}, so a service or the environment still decides. Spring Boot's
 * binder takes a list from one property source, never a union of several, hence this one
 * place.
 */
public final class ExposedEndpoints {

	/** The property the union is written to. */
	public static final String PROPERTY = "management.endpoints.web.exposure.include";

	private ExposedEndpoints() {
	}

	/** Adds {@code ids} to the endpoints exposed by default. */
	public static void add(ConfigurableEnvironment environment, String... ids) {
		Set<String> exposed = new TreeSet<>(Arrays.asList(ids));
		PropertySource<?> defaults = environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME);
		if (defaults != null && defaults.getProperty(PROPERTY) instanceof String earlier) {
			exposed.addAll(StringUtils.commaDelimitedListToSet(earlier));
		}
		DefaultPropertiesPropertySource.addOrMerge(Map.of(PROPERTY, String.join(",", exposed)),
				environment.getPropertySources());
	}

}
