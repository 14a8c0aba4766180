package dev.o11ydemo.loadtest.gameday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.o11ydemo.testsupport.Topology;

/**
 * Scenario files: the shipped ones read and together cover the rule file's alerts; a
 * mistake is refused before anything starts, naming its line.
 */
class ScenarioTests {

	private static final Path ROOT = Topology.root();

	private static final Path GAMEDAYS = ROOT.resolve("load-test/gamedays");

	/**
	 * Settings as a service describes them ({@code GET /actuator/faults}): the reader
	 * types values by these, so here they are the test's input, not a copy of the
	 * services' own.
	 */
	private static final Catalogue CATALOGUE = new Catalogue(Set.of("service-a", "service-b"),
			Set.of("HighErrorRate", "ServiceDown"),
			Map.of("service-a", Map.of("latency", "0ms", "failureRatio", BigDecimal.ZERO, "ready", true)));

	@TempDir
	Path work;

	@Test
	void everyShippedScenarioReadsAgainstTheRepositorysServicesAndAlerts() throws IOException {
		List<Path> files = shipped();
		assertThat(files).extracting((file) -> file.getFileName().toString()).contains("short.yml", "full.yml");
		for (Path file : files) {
			Scenario scenario = Scenario.read(file, Catalogue.offline(ROOT));
			assertThat(scenario.name() + ".yml").isEqualTo(file.getFileName().toString());
			assertThat(scenario.steps()).isNotEmpty();
		}
	}

	@Test
	void everyAlertOfTheRuleFileIsExpectedByAShippedScenarioOrSaysWhyNot() throws IOException {
		Set<String> expected = new TreeSet<>();
		for (Path file : shipped()) {
			expected.addAll(Scenario.read(file, Catalogue.offline(ROOT)).expectedAlerts());
		}
		Map<String, String> reasons = new java.util.TreeMap<>();
		for (String line : Files.readAllLines(GAMEDAYS.resolve("not-in-scenarios.txt"))) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int colon = line.indexOf(':');
				assertThat(colon).as(line).isPositive();
				reasons.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
			}
		}
		assertThat(reasons).allSatisfy((alert, reason) -> assertThat(reason).as(alert).isNotBlank());
		Set<String> rules = Catalogue.alertsOf(ROOT.resolve(Catalogue.RULES));
		assertThat(rules).containsAll(reasons.keySet());
		Set<String> uncovered = new TreeSet<>(rules);
		uncovered.removeAll(expected);
		uncovered.removeAll(reasons.keySet());
		assertThat(uncovered).as("alerts in no scenario and with no reason").isEmpty();
		Set<String> both = new TreeSet<>(expected);
		both.retainAll(reasons.keySet());
		assertThat(both).as("expected by a scenario, yet listed as in none").isEmpty();
	}

	@Test
	void theShortScenarioTakesUnderFifteenMinutesAtProductionDurations() throws IOException {
		Scenario scenario = Scenario.read(GAMEDAYS.resolve("short.yml"), Catalogue.offline(ROOT));
		Duration longest = Duration.ZERO;
		for (Scenario.Step step : scenario.steps()) {
			Duration resolve = step.expect()
				.stream()
				.map(Scenario.Expectation::resolve)
				.max(Duration::compareTo)
				.orElse(Duration.ZERO);
			longest = longest.plus(step.hold()).plus(resolve);
		}
		assertThat(longest).as("the longest it may take: each step's hold and its slowest resolution")
			.isLessThanOrEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void aStepReadsWithItsActionExpectationsAndAllowances() throws IOException {
		Scenario scenario = read("""
				name: example
				summary: one step
				steps:
				  - name: errors
				    fault: {service: service-a, set: {failureRatio: 0.25, latency: 200ms}}
				    hold: 1h30m
				    expect:
				      - {alert: HighErrorRate, service: service-a, fire: 9m, resolve: 90s}
				    allow:
				      - {alert: ServiceDown}
				""");
		Scenario.Step step = scenario.steps().get(0);
		assertThat(step.line()).isEqualTo(4);
		assertThat(step.action()).isEqualTo(
				new Scenario.Fault("service-a", Map.of("failureRatio", new BigDecimal("0.25"), "latency", "200ms")));
		assertThat(step.hold()).isEqualTo(Duration.ofMinutes(90));
		assertThat(step.expect()).containsExactly(new Scenario.Expectation(8, "HighErrorRate", "service-a",
				Duration.ofMinutes(9), Duration.ofSeconds(90)));
		assertThat(scenario.accounts("ServiceDown", "anything")).isTrue();
		assertThat(scenario.accounts("HighErrorRate", "service-b")).isFalse();
	}

	@Test
	void aRampIsEachValueFromTheFirstToTheLast() throws IOException {
		Scenario scenario = read("""
				name: ramp
				summary: a ramp
				steps:
				  - name: slower
				    ramp: {service: service-a, setting: latency, from: 250ms, to: 400ms, by: 50ms, every: 1m}
				    hold: 5m
				""");
		Scenario.Ramp ramp = (Scenario.Ramp) scenario.steps().get(0).action();
		assertThat(ramp.settings()).containsExactly(Map.of("latency", "250ms"), Map.of("latency", "300ms"),
				Map.of("latency", "350ms"), Map.of("latency", "400ms"));
		assertThat(ramp.every()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void crashesAreFortyFiveSecondsApartUnlessTheStepSaysOtherwise() throws IOException {
		Scenario scenario = read("""
				name: crashes
				summary: crashes
				steps:
				  - name: three
				    crash: {service: service-b, times: 3}
				    hold: 5m
				  - name: two
				    crash: {service: service-b, times: 2, apart: 2m}
				    hold: 5m
				""");
		assertThat(scenario.steps()).extracting(Scenario.Step::action)
			.containsExactly(new Scenario.Crash("service-b", 3, Duration.ofSeconds(45)),
					new Scenario.Crash("service-b", 2, Duration.ofMinutes(2)));
	}

	@Test
	void anUnknownServiceIsRefusedNamingItsLine() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    crash: {service: service-z, times: 1}
				""", 6, "unknown service 'service-z'");
	}

	@Test
	void anUnknownFaultSettingIsRefusedNamingItsLineAndTheServicesOwn() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    fault:
				      service: service-a
				      set:
				        memory: 0.5
				""", 9, "unknown fault setting 'memory' of service-a (it has");
	}

	@Test
	void aReleaseCarriesFaultSettingsCheckedAsAFaultsAre() throws IOException {
		Scenario scenario = read("""
				name: x
				summary: x
				steps:
				  - name: a bad release
				    hold: 8m
				    release: {service: service-a, set: {failureRatio: 0.25}}
				""");
		assertThat(scenario.steps().get(0).action())
			.isEqualTo(new Scenario.Release("service-a", Map.of("failureRatio", new BigDecimal("0.25"))));
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a bad release
				    hold: 8m
				    release: {service: service-a, set: {failureRate: 0.25}}
				""", 6, "unknown fault setting 'failureRate' of service-a");
		assertThat(Scenario.Release.variable("failureRatio")).isEqualTo("DEMO_FAULTS_FAILURERATIO");
	}

	@Test
	void onlyTheStepsThatUseAServicesFaultControlsNeedThemReachable() throws IOException {
		Scenario scenario = read("""
				name: x
				summary: x
				steps:
				  - name: a bad release
				    hold: 8m
				    release: {service: service-a, set: {failureRatio: 0.25}}
				  - name: gone
				    hold: 5m
				    remove: {service: service-b}
				  - name: crashes
				    hold: 5m
				    crash: {service: service-b, times: 3}
				""");
		assertThat(GameDayMain.controlled(scenario, Set.of())).containsExactly("service-b");
		assertThat(GameDayMain.controlled(scenario, Set.of("crash"))).isEmpty();
	}

	@Test
	void theBadCanaryScenarioReleasesAFailingVersionAndLetsNoErrorRateAlertPage() throws IOException {
		Scenario scenario = Scenario.read(GAMEDAYS.resolve("bad-canary.yml"), Catalogue.offline(ROOT));
		assertThat(scenario.steps()).extracting(Scenario.Step::action)
			.containsExactly(new Scenario.Release("service-a", Map.of("failureRatio", new BigDecimal("0.25"))));
		// The gate's proof: the release's errors stay below the page, so the alert
		// that would page is neither expected nor allowed.
		assertThat(scenario.expectedAlerts()).isEmpty();
		assertThat(scenario.accounts("HighErrorRate", "service-a")).isFalse();
	}

	@Test
	void aSettingOfTheWrongTypeIsRefused() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    fault: {service: service-a, set: {latency: 0.5}}
				""", 6, "latency is a duration such as 250ms or 2s, not '0.5'");
	}

	@Test
	void aFaultOnAServiceThatDidNotDescribeItsSettingsIsRefused() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    fault: {service: service-b, set: {latency: 1s}}
				""", 6, "the fault settings of service-b are unknown");
	}

	@Test
	void anUnknownAlertIsRefusedNamingItsLine() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    expect:
				      - alert: HighErrorRate
				        fire: 1m
				        resolve: 1m
				      - alert: HighErorRate
				        fire: 1m
				        resolve: 1m
				""", 10, "unknown alert 'HighErorRate'");
	}

	@Test
	void aMalformedDurationIsRefusedNamingItsLine() {
		for (String duration : List.of("5", "5 m", "five minutes", "m5", "0s", "-5m", "5d")) {
			assertRefused("""
					name: x
					summary: x
					steps:
					  - name: a step
					    hold: %s
					""".formatted(duration), 5, "not a duration");
		}
	}

	@Test
	void anUnknownKeyIsRefusedRatherThanIgnored() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    expected:
				      - {alert: HighErrorRate, fire: 1m, resolve: 1m}
				""", 7, "unknown key 'expected'");
	}

	@Test
	void aStepDoesOneThing() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    crash: {service: service-a, times: 1}
				    stop: {service: service-a}
				""", 4, "a step does one thing; this one has crash and stop");
	}

	@Test
	void anAlertDueAfterTheFaultIsUndoneIsRefused() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    fault: {service: service-a, set: {failureRatio: 1}}
				    expect:
				      - {alert: HighErrorRate, fire: 6m, resolve: 1m}
				""", 8, "it may fire up to 6 min after the start, but the fault is held only 5 min");
	}

	@Test
	void aKeyGivenTwiceIsRefused() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: 5m
				    hold: 6m
				""", 6, "'hold' is given twice");
	}

	@Test
	void brokenYamlIsRefusedNamingItsLine() {
		assertRefused("""
				name: x
				summary: x
				steps:
				  - name: a step
				    hold: [5m
				""", 5, "not valid YAML");
	}

	@Test
	void aStepTheTargetCannotDoIsRefusedUnlessSkipped() throws IOException {
		Path file = this.work.resolve("stop.yml");
		Files.writeString(file, """
				name: stop
				summary: a stop
				steps:
				  - name: errors
				    fault: {service: service-a, set: {failureRatio: 0.5}}
				    hold: 5m
				  - name: down
				    stop: {service: service-a}
				    hold: 5m
				""");
		Scenario scenario = Scenario.read(file, CATALOGUE);
		HttpPlatform platform = new HttpPlatform((service) -> "http://127.0.0.1:1", null, null);
		assertThatExceptionOfType(ScenarioException.class)
			.isThrownBy(() -> GameDay.requireSupported(scenario, platform, file, Set.of()))
			.withMessageStartingWith("stop.yml:7: this target cannot stop")
			.withMessageEndingWith("--skip stop");
		GameDay.requireSupported(scenario, platform, file, Set.of("stop"));
		assertThat(new HttpPlatform((service) -> null, null, "o11y-demo").supports()).contains("remove");
		assertThat(platform.supports()).doesNotContain("remove", "stop");
	}

	private Scenario read(String text) throws IOException {
		Path file = this.work.resolve("scenario.yml");
		Files.writeString(file, text);
		return Scenario.read(file, CATALOGUE);
	}

	private void assertRefused(String text, int line, String message) {
		assertThatExceptionOfType(ScenarioException.class).isThrownBy(() -> read(text))
			.withMessageContaining("scenario.yml:" + line + ": " + message)
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(line));
	}

	private static List<Path> shipped() throws IOException {
		try (Stream<Path> files = Files.list(GAMEDAYS)) {
			return files.filter((file) -> file.toString().endsWith(".yml")).sorted().toList();
		}
	}

}
