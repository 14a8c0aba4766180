package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.loadtest.gameday.Catalogue;
import dev.o11ydemo.loadtest.gameday.HttpPlatform;
import dev.o11ydemo.loadtest.gameday.Scenario;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Topology;

/**
 * {@code load-test/run.sh gameday} as a user runs it, against the shared
 * {@link MonitoredSuite}'s services, Prometheus and Alertmanager: it runs a scenario's
 * steps under steady traffic and writes the scorecard; an expectation not met fails it
 * with the reason; a mistake in the scenario is refused, naming its line, before any
 * fault; Ctrl-C undoes the fault it holds. The shipped scenarios read against the
 * services' own description of their fault settings. (The full game day itself runs in
 * {@link AlertsEndToEndTests}.)
 */
class GameDayCommandTests {

	private static final Path ROOT = Topology.root();

	private static final Path REPORTS = Path.of("target/load-test-reports").toAbsolutePath();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static MonitoredSuite suite;

	@TempDir
	Path work;

	@BeforeAll
	static void start() throws Exception {
		suite = MonitoredSuite.shared();
	}

	@Test
	void everyShippedScenarioReadsAgainstTheServicesOwnFaultSettings() throws Exception {
		Catalogue live = Catalogue.live(ROOT,
				new HttpPlatform((service) -> suite.services.get(service).url(""), null, null));
		assertThat(live.settings()).containsOnlyKeys(Topology.read().names());
		assertThat(live.settings().get("service-a")).containsKeys("latency", "failureRatio", "cpu", "heap", "ready");
		try (Stream<Path> files = Files.list(ROOT.resolve("load-test/gamedays"))) {
			for (Path file : files.filter((file) -> file.toString().endsWith(".yml")).toList()) {
				assertThat(Scenario.read(file, live).steps()).as(file.toString()).isNotEmpty();
			}
		}
	}

	@Test
	void aGameDayRunsItsStepsUnderSteadyTrafficAndWritesTheScorecard() throws Exception {
		Path scenario = scenario("calm", """
				name: calm
				summary: service-a a little slower for a moment; nothing fires.
				steps:
				  - name: steady traffic alone
				    hold: 5s
				  - name: service-a 100 ms slower
				    fault: {service: service-a, set: {latency: 100ms}}
				    hold: 5s
				""");
		Run run = gameday(scenario);
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("# Game day: calm — PASSED").contains("scorecard: ");
		JsonNode scorecard = json.readTree(run.report().resolve("scorecard.json").toFile());
		assertThat(scorecard.path("passed").asBoolean()).isTrue();
		assertThat(scorecard.path("steps")).hasSize(2);
		assertThat(scorecard.path("steps").path(1).path("action").asString())
			.isEqualTo("fault service-a {latency=100ms}");
		assertThat(scorecard.path("traffic").path("POST order-service /order").path("ok").asLong()).isPositive();
		assertThat(scorecard.path("traffic").path("GET service-b /hello").path("ok").asLong()).isPositive();
		assertThat(Files.readString(run.report().resolve("scorecard.html"))).contains("<svg").contains("PASSED");
		assertThat(run.report().resolve("scorecard.md")).exists();
		assertThat(latency()).as("reset after the step").isEqualTo("0ms");
	}

	@Test
	void anAlertThatDoesNotFireInTimeFailsTheGameDayWithTheReason() throws Exception {
		Path scenario = scenario("late", """
				name: late
				summary: an alert that cannot fire so soon.
				steps:
				  - name: service-a 100 ms slower
				    fault: {service: service-a, set: {latency: 100ms}}
				    hold: 5s
				    expect:
				      - {alert: HighLatencyP95, service: service-a, fire: 5s, resolve: 5s}
				""");
		Run run = gameday(scenario);
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("# Game day: late — FAILED").contains("did not fire within 5 s");
		JsonNode expectation = json.readTree(run.report().resolve("scorecard.json").toFile())
			.path("steps")
			.path(0)
			.path("expectations")
			.path(0);
		assertThat(expectation.path("passed").asBoolean()).isFalse();
		assertThat(expectation.path("notified").isNull()).isTrue();
		assertThat(latency()).isEqualTo("0ms");
	}

	@Test
	void aMistakeInTheScenarioIsRefusedNamingItsLineBeforeAnyFault() throws Exception {
		Path scenario = scenario("bad", """
				name: bad
				summary: a setting the services do not have.
				steps:
				  - name: service-a slower
				    fault: {service: service-a, set: {latency: 2s}}
				    hold: 5s
				  - name: service-a out of memory
				    fault: {service: service-a, set: {memory: 0.9}}
				    hold: 5s
				""");
		Run run = gameday(scenario);
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.output()).contains("refused: bad.yml:8: unknown fault setting 'memory' of service-a (it has "
				+ "latency, failureRatio, cpu, heap, ready)");
		assertThat(latency()).as("nothing was set").isEqualTo("0ms");
	}

	@Test
	void aStepThisTargetCannotDoIsRefusedWithTheSkipThatSkipsIt() throws Exception {
		Run run = gameday(ROOT.resolve("load-test/gamedays/full.yml"));
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.output()).containsPattern("refused: full.yml:[0-9]+: this target cannot remove: remove scales a "
				+ "Deployment to zero: give --namespace NAMESPACE .*; or skip such steps: --skip remove");
	}

	@Test
	void anInterruptedGameDayUndoesTheFaultItHolds() throws Exception {
		Path scenario = scenario("interrupted", """
				name: interrupted
				summary: a long fault, interrupted.
				steps:
				  - name: service-a 300 ms slower
				    fault: {service: service-a, set: {latency: 300ms}}
				    hold: 10m
				""");
		Path log = REPORTS.resolve("gameday-interrupted.log");
		Process gameday = LoadGenerator.start(suite.services::get, REPORTS, log, "gameday", scenario.toString(),
				"--prometheus", "http://" + suite.prometheus.address(), "--alertmanager",
				"http://" + suite.alertmanager.address(), "--report", this.work.resolve("report").toString());
		try {
			suite.await(Duration.ofSeconds(60), () -> latency().equals("300ms"));
			List<ProcessHandle> java = gameday.descendants()
				.filter((child) -> child.info().command().orElse("").endsWith("java"))
				.toList();
			assertThat(java).hasSize(1);
			// Ctrl-C in a terminal: SIGINT to the JVM.
			assertThat(new ProcessBuilder("bash", "-c", "kill -INT " + java.get(0).pid()).start().waitFor()).isZero();
			assertThat(gameday.waitFor(60, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(log);
			assertThat(output).contains("interrupted; undoing what is still acted on");
			assertThat(latency()).as(output).isEqualTo("0ms");
		}
		finally {
			gameday.destroyForcibly();
			Http.send("DELETE", suite.services.get("service-a").url("/actuator/faults"));
		}
	}

	private Path scenario(String name, String text) throws Exception {
		Path file = this.work.resolve(name + ".yml");
		Files.writeString(file, text);
		return file;
	}

	private Run gameday(Path scenario) throws Exception {
		Path report = this.work.resolve("report");
		Path log = REPORTS.resolve("gameday-" + scenario.getFileName() + ".log");
		Process process = LoadGenerator.start(suite.services::get, REPORTS, log, "gameday", scenario.toString(),
				"--prometheus", "http://" + suite.prometheus.address(), "--alertmanager",
				"http://" + suite.alertmanager.address(), "--report", report.toString(), "--rate", "20");
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
		Path written = null;
		if (Files.isDirectory(report)) {
			try (Stream<Path> runs = Files.list(report)) {
				written = runs.findFirst().orElse(null);
			}
		}
		return new Run(process.exitValue(), Files.readString(log), written);
	}

	private static String latency() throws Exception {
		return json.readTree(suite.services.get("service-a").get("/actuator/faults").body()).path("latency").asString();
	}

	private record Run(int exitCode, String output, Path report) {
	}

}
