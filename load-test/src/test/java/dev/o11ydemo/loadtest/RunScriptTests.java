package dev.o11ydemo.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.Topology;

/**
 * load-test/run.sh's argument handling, run by bash as a user types it. {@code --dry-run}
 * prints what would run and stops; a drill without {@code --dry-run} is answered "no" at
 * its question, so no load is ever sent here.
 */
class RunScriptTests {

	private static final Path ROOT = Topology.root();

	@Test
	void withNoArgumentsItDrivesTheLocalSuiteOnTheRunCommandsPortsWithSteadyTraffic() throws Exception {
		Result result = run(null, "--dry-run");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("scenario steady against http://127.0.0.1:3001 (rate 20/s, duration 60s")
			.contains("service-b http://127.0.0.1:3002, auth http://127.0.0.1:8081, order http://127.0.0.1:8082, "
					+ "payment http://127.0.0.1:8083");
		assertThat(run(null, "local", "smoke", "--dry-run").output())
			.contains("scenario smoke against http://127.0.0.1:3001");
	}

	@Test
	void aBareHostNameMeansPlainHttpAndEveryServiceBehindItsPrefix() throws Exception {
		Result result = run(null, "k8s-o11ydemo-1234.eu-west-1.elb.amazonaws.com", "journey", "--dry-run");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output())
			.contains("scenario journey against http://k8s-o11ydemo-1234.eu-west-1.elb.amazonaws.com")
			.contains("service-b (not reachable directly)")
			.contains("auth http://k8s-o11ydemo-1234.eu-west-1.elb.amazonaws.com,");
	}

	@Test
	void aUrlIsKeptWithoutItsTrailingSlashAndServicesCanHaveTheirOwn() throws Exception {
		Result result = run(null, "https://demo.example.com/", "classic", "--order", "orders.example.com:8082",
				"--rate", "7.5", "--duration", "2m", "--dry-run");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output())
			.contains("scenario classic against https://demo.example.com (rate 7.5/s, duration 120s")
			.contains("order http://orders.example.com:8082,");
	}

	@Test
	void anUnknownScenarioIsAUsageErrorThatListsTheScenarios() throws Exception {
		Result result = run(null, "local", "bogus");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.output()).contains("unknown scenario 'bogus'")
			.contains("smoke")
			.contains("drill-errors")
			.contains("--help");
	}

	@Test
	void badOptionsAreUsageErrors() throws Exception {
		assertThat(run(null, "--rate", "0", "--dry-run").exitCode()).isEqualTo(2);
		assertThat(run(null, "--rate", "fast", "--dry-run").exitCode()).isEqualTo(2);
		assertThat(run(null, "--duration", "5x", "--dry-run").exitCode()).isEqualTo(2);
		assertThat(run(null, "--frobnicate").exitCode()).isEqualTo(2);
		assertThat(run(null, "local", "smoke", "extra").exitCode()).isEqualTo(2);
		assertThat(run(null, "http://a/b c", "--dry-run").exitCode()).isEqualTo(2);
	}

	@Test
	void rateAndDurationAreBoundedUnlessTheLimitsAreLifted() throws Exception {
		Result fast = run(null, "--rate", "1000", "--dry-run");
		assertThat(fast.exitCode()).isEqualTo(2);
		assertThat(fast.output()).contains("500/s bound").contains("--no-limits");
		assertThat(run(null, "--duration", "2h", "--dry-run").exitCode()).isEqualTo(2);
		assertThat(run(null, "--rate", "1000", "--duration", "2h", "--no-limits", "--dry-run").exitCode()).isZero();
	}

	@Test
	void aDrillAgainstARemoteTargetAsksFirstAndStopsUnlessTheAnswerIsYes() throws Exception {
		Result refused = run("no\n", "my-alb.example.com", "drill-errors");
		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.output()).contains("drill-errors degrades or crashes services at http://my-alb.example.com")
			.contains("Not started.");
		assertThat(run("", "my-alb.example.com", "drill-restarts").output()).contains("Not started.");
	}

	@Test
	void helpNamesEveryScenarioAndOption() throws Exception {
		Result help = run(null, "--help");
		assertThat(help.exitCode()).isZero();
		for (String word : List.of("classic", "journey", "steady", "spike", "smoke", "single", "drill-errors",
				"drill-latency", "drill-slo", "drill-slo-slow", "drill-heap", "drill-cpu", "drill-restarts",
				"drill-down", "drill-endpoint-down", "drill-latency-trend", "orders", "--rate", "--duration", "--ramp",
				"--summary", "--service-b", "--yes", "--no-limits", "--no-build")) {
			assertThat(help.output()).contains(word);
		}
	}

	@Test
	void aGameDayDefaultsToTheShortScenarioOnTheLocalSuiteWithItsPrometheusAndAlertmanager() throws Exception {
		Result result = run(null, "gameday", "--dry-run");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("game day " + ROOT.resolve("load-test/gamedays/short.yml")
				+ " against http://127.0.0.1:3001 (steady traffic 20/s; Prometheus http://127.0.0.1:9090, "
				+ "Alertmanager http://127.0.0.1:9093)");
		Result full = run(null, "demo.example.com", "gameday", "full", "--prometheus", "localhost:19090", "--dry-run");
		assertThat(full.exitCode()).as(full.output()).isZero();
		assertThat(full.output()).contains("game day " + ROOT.resolve("load-test/gamedays/full.yml")
				+ " against http://demo.example.com (steady traffic 20/s; Prometheus http://localhost:19090,");
	}

	@Test
	void anUnknownGameDayOrSkipIsAUsageError() throws Exception {
		Result unknown = run(null, "gameday", "fulll", "--dry-run");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.output()).contains("no game day 'fulll' (bad-canary,full,short, or a file)");
		Result skip = run(null, "gameday", "--skip", "stop,reboot", "--dry-run");
		assertThat(skip.exitCode()).isEqualTo(2);
		assertThat(skip.output()).contains("--skip takes stop, remove, crash and release, comma-separated");
		Result help = run(null, "--help");
		for (String word : List.of("gameday", "--prometheus", "--alertmanager", "--grafana", "--namespace", "--skip",
				"--report")) {
			assertThat(help.output()).contains(word);
		}
	}

	@Test
	void aGameDayAgainstAnotherHostAsksFirst() throws Exception {
		Result result = run("no\n", "demo.example.com", "gameday");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("degrades, crashes or removes services at http://demo.example.com")
			.contains("Not started.");
	}

	@Test
	void everyScenarioOfTheScriptIsASimulationOfThisModule() throws Exception {
		Matcher scenario = Pattern.compile("(?m)^  ([a-z-]+)\\) class=(\\w+) ")
			.matcher(Files.readString(ROOT.resolve("load-test/run.sh")));
		List<String> scenarios = new ArrayList<>();
		while (scenario.find()) {
			scenarios.add(scenario.group(1));
			assertThat(LoadSimulation.class
				.isAssignableFrom(Class.forName(getClass().getPackageName() + "." + scenario.group(2))))
				.as(scenario.group(0))
				.isTrue();
		}
		assertThat(scenarios).contains("steady", "drill-errors", "drill-slo-slow", "drill-heap", "drill-cpu");
	}

	private static Result run(String input, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("load-test/run.sh").toString()));
		command.addAll(List.of(args));
		Path output = Files.createTempFile("run-sh", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		process.getOutputStream().write((input != null ? input : "").getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), Files.readString(output));
	}

	private record Result(int exitCode, String output) {
	}

}
