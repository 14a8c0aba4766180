package dev.o11ydemo.demoservice.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.o11ydemo.demoservice.DemoServiceProperties;
import dev.o11ydemo.testsupport.Topology;

/**
 * {@link FaultSetting} is the one owner of the service's own fault settings: every other
 * place that lists them (the endpoint's input, the properties, the fault_active kinds,
 * the docs' table) is held to it here, so a new setting fails these tests until each
 * place takes it.
 */
class FaultSettingTests {

	private static final Path ALERTS_DOC = Topology.root().resolve("docs/alerts.md");

	private static final Path CONFIGURATION_DOC = Topology.root().resolve("docs/configuration.md");

	@Test
	void everySettingSaysWhatItDoesAndHasItsOwnKeyAndKind() {
		assertThat(FaultSetting.values()).allSatisfy((setting) -> {
			assertThat(setting.description()).as(setting.key()).isNotBlank();
			assertThat(setting.isNone(setting.none())).as(setting.key()).isTrue();
			assertThat(setting.check(setting.none())).as(setting.key()).isEqualTo(setting.none());
		});
		assertThat(Arrays.stream(FaultSetting.values()).map(FaultSetting::key)).doesNotHaveDuplicates();
		assertThat(FaultInjector.Kind.all()).doesNotHaveDuplicates()
			.startsWith(Arrays.stream(FaultSetting.values()).map(FaultSetting::kind).toArray(FaultInjector.Kind[]::new))
			.endsWith(FaultInjector.Kind.DEPENDENCY_LATENCY, FaultInjector.Kind.DEPENDENCY_FAILURE);
	}

	@Test
	void theDocsHaveARowPerSettingWithItsDescriptionBoundAndVariable() throws IOException {
		Map<String, List<String>> rows = new TreeMap<>();
		String doc = Files.readString(ALERTS_DOC);
		String section = doc.substring(doc.indexOf("## Fault kinds"));
		for (String line : section.lines().takeWhile((line) -> !line.startsWith("```")).toList()) {
			if (line.startsWith("| `")) {
				List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
					.map(String::trim)
					.toList();
				rows.put(cells.get(0), cells.subList(1, cells.size()));
			}
		}
		String configuration = Files.readString(CONFIGURATION_DOC);
		for (FaultSetting setting : FaultSetting.values()) {
			assertThat(rows).as("docs/alerts.md, Fault kinds: a row for %s", setting.key())
				.containsEntry("`" + setting.key() + "`", List.of(setting.description(), setting.bound()));
			assertThat(configuration).as("docs/configuration.md names the variable of %s", setting.key())
				.contains("`DEMO_FAULTS_" + setting.key().toUpperCase(Locale.ROOT) + "`");
		}
	}

	@Test
	void theEndpointTakesAFieldPerSettingThenTheDependencysAndTheDuration() {
		Method change = Arrays.stream(FaultsEndpoint.class.getDeclaredMethods())
			.filter((method) -> method.isAnnotationPresent(WriteOperation.class))
			.findFirst()
			.orElseThrow();
		List<String> expected = new ArrayList<>();
		Arrays.stream(FaultSetting.values()).forEach((setting) -> expected.add(setting.key()));
		expected.addAll(List.of("dependency", "dependencyLatency", "dependencyFailureRatio", "duration"));
		assertThat(Arrays.stream(change.getParameters()).map(Parameter::getName)).containsExactlyElementsOf(expected);
	}

	@Test
	void thePropertiesHaveAComponentPerSettingWhoseDefaultInjectsNoFault() {
		assertThat(
				Arrays.stream(DemoServiceProperties.Faults.class.getRecordComponents()).map(RecordComponent::getName))
			.containsExactlyElementsOf(Arrays.stream(FaultSetting.values()).map(FaultSetting::key).toList());
		DemoServiceProperties.Faults defaults = new Binder(new MapConfigurationPropertySource())
			.bindOrCreate("demo.faults", DemoServiceProperties.Faults.class);
		assertThat(FaultsAutoConfiguration.configured(defaults)).isEqualTo(FaultInjector.Settings.none());
	}

	@Test
	void eachPropertyReachesItsSetting() {
		Map<String, String> properties = new TreeMap<>();
		FaultInjector.Settings expected = FaultInjector.Settings.none();
		for (FaultSetting setting : FaultSetting.values()) {
			Object example = example(setting);
			properties.put("demo.faults." + setting.key().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT),
					String.valueOf(setting.show(example)));
			expected = expected.with(setting, example);
		}
		DemoServiceProperties.Faults faults = new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("demo.faults", DemoServiceProperties.Faults.class);
		assertThat(FaultsAutoConfiguration.configured(faults)).isEqualTo(expected);
		assertThat(expected.active())
			.containsExactlyElementsOf(Arrays.stream(FaultSetting.values()).map(FaultSetting::kind).toList());
	}

	@Test
	void valuesOutOfBoundsAreRefusedNamingTheSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> FaultSetting.LATENCY.check(Duration.ofSeconds(61)))
			.withMessage("latency must be between 0 and 60s");
		assertThatIllegalArgumentException().isThrownBy(() -> FaultSetting.FAILURE_RATIO.check(Double.NaN))
			.withMessage("failureRatio must be between 0 and 1");
		assertThatIllegalArgumentException().isThrownBy(() -> FaultSetting.HEAP.check(0.96))
			.withMessage("heap must be between 0 and 0.95 (a share of the long-lived heap)");
		assertThat(FaultSetting.CPU.isNone(-0.0)).isTrue();
	}

	/** A value that injects the setting's fault, within its bounds. */
	static Object example(FaultSetting setting) {
		Object none = setting.none();
		if (none instanceof Duration) {
			return Duration.ofMillis(250);
		}
		if (none instanceof Double) {
			return 0.05;
		}
		if (none instanceof Boolean off) {
			return !off;
		}
		throw new IllegalStateException(setting.key() + ": a value of a new type needs an example here");
	}

}
