package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.Topology;

/**
 * The load generator, as a user runs it ({@code load-test/run.sh}, Gatling in its own
 * JVM), against the five services started on loopback: the smoke and journey scenarios
 * reach every route and every answer is the expected one; the 5xx drill pushes
 * service-a's error ratio over HighErrorRate's threshold and leaves it at zero
 * afterwards; an interrupted drill still restores the faults. Figures come from the
 * services' own scrapes.
 */
class LoadTestTests {

	private static final Path ROOT = Topology.root();

	private static final Path REPORTS = Path.of("target/load-test-reports").toAbsolutePath();

	private static final JsonMapper json = JsonMapper.builder().build();

	/** HighErrorRate's threshold in prometheusrule.yaml. */
	private static final double ERROR_RATIO_THRESHOLD = 0.05;

	/**
	 * The routes of each service (the README's route table) that a smoke and a journey
	 * must reach; not /crash.
	 */
	private static final Map<String, Set<String>> ROUTES = Map.of("service-a",
			Set.of("/", "/call-service-b", "/healthy", "/logs", "/metrics", "/serverError", "/notFound", "/example",
					"UNMATCHED"),
			"service-b",
			Set.of("/hello", "/healthy", "/logs", "/metrics", "/serverError", "/notFound", "/example", "UNMATCHED"),
			"auth-service",
			Set.of("/", "/health", "/healthy", "/logs", "/metrics", "/serverError", "/notFound", "/example",
					"UNMATCHED", "/login", "/login/introspect"),
			"order-service",
			Set.of("/", "/health", "/healthy", "/logs", "/metrics", "/serverError", "/notFound", "/example",
					"UNMATCHED", "/order", "/order/{id}"),
			"payment-service", Set.of("/", "/health", "/healthy", "/logs", "/metrics", "/serverError", "/notFound",
					"/example", "UNMATCHED", "/payment/charge", "/payment/{id}"));

	private static SuiteServices suite;

	@BeforeAll
	static void shareTheSuite() throws Exception {
		suite = SuiteServices.shared();
	}

	@Test
	void smokeAndJourneyReachEveryRouteOfEveryServiceAndEveryAnswerIsTheExpectedOne() throws Exception {
		Map<String, Map<String, Double>> before = requestsByPath();

		Run smoke = run("smoke");
		assertThat(smoke.exitCode()).as(smoke.output()).isZero();
		assertThat(smoke.output()).containsPattern("(?m)^all +[0-9,]+ +0 ").contains("report: " + REPORTS);
		Run journey = run("journey", "--rate", "2", "--duration", "8s");
		assertThat(journey.exitCode()).as(journey.output()).isZero();
		assertThat(journey.output()).containsPattern("(?m)^POST /order +[0-9,]+ +0 ")
			.containsPattern("(?m)^GET /payment/\\{id} +[0-9,]+ +0 ")
			.containsPattern("(?m)^\\[ +[0-9]+s] +[0-9,]+ requests");

		Map<String, Map<String, Double>> after = awaitRequestsByPath((counts) -> reachedAll(before, counts).isEmpty());
		assertThat(reachedAll(before, after)).as("routes no request reached").isEmpty();
	}

	@Test
	void theErrorsDrillCrossesTheHighErrorRateThresholdAndRestoresTheDefaults() throws Exception {
		Path log = REPORTS.resolve("drill-errors.log");
		Process drill = start(log, "drill-errors", "--rate", "25", "--duration", "15s");
		try {
			awaitFaults((faults) -> faults.get("failureRatio").asDouble() == 0.25, Duration.ofSeconds(60));
			Scrape during = scrape(suite.serviceA);
			assertThat(drill.waitFor(120, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(log);
			assertThat(drill.exitValue()).as(output).isZero();
			assertThat(output).contains("faults restored");
			Scrape end = scrape(suite.serviceA);
			assertThat(errorRatio(during, end)).as("service-a's 5xx ratio during the drill")
				.isGreaterThan(ERROR_RATIO_THRESHOLD);

			assertThat(faults().get("failureRatio").asDouble()).isZero();
			Run steady = run("steady", "--rate", "20", "--duration", "5s");
			assertThat(steady.exitCode()).as(steady.output()).isZero();
			Scrape afterwards = Scrape.await(suite.serviceA.url("/metrics"), (scrape) -> requests(end, scrape) >= 50);
			assertThat(requests(end, afterwards)).isGreaterThanOrEqualTo(50);
			assertThat(errorRatio(end, afterwards)).as("service-a's 5xx ratio after the drill").isZero();
		}
		finally {
			drill.destroyForcibly();
			Http.send("DELETE", suite.serviceA.url("/actuator/faults"));
		}
	}

	@Test
	void anInterruptedDrillStillRestoresTheFaults() throws Exception {
		Path log = REPORTS.resolve("drill-latency.log");
		Process drill = start(log, "drill-latency", "--rate", "2", "--duration", "5m");
		try {
			awaitFaults((faults) -> faults.get("latency").asText().equals("1500ms"), Duration.ofSeconds(60));
			List<ProcessHandle> gatling = drill.descendants()
				.filter((child) -> child.info().command().orElse("").endsWith("java"))
				.toList();
			assertThat(gatling).hasSize(1);
			// Ctrl-C in a terminal: SIGINT to the JVM (bash's own kill: procps may not be
			// there).
			assertThat(new ProcessBuilder("bash", "-c", "kill -INT " + gatling.get(0).pid()).start().waitFor())
				.isZero();
			assertThat(drill.waitFor(60, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(log);
			assertThat(output).contains("faults restored");
			assertThat(faults().get("latency").asText()).as(output).isEqualTo("0ms");
		}
		finally {
			drill.destroyForcibly();
			Http.send("DELETE", suite.serviceA.url("/actuator/faults"));
		}
	}

	@Test
	void aDrillAgainstAServiceWithTheFaultControlsSwitchedOffSaysSoAndStops() throws Exception {
		try (ServiceProcess locked = ServiceProcess.start("service-b", "load-test-faults-off",
				Map.of("DEMO_FAULTROUTES_ENABLED", "false"))) {
			Path log = REPORTS.resolve("drill-faults-off.log");
			Process drill = new ProcessBuilder("bash", ROOT.resolve("load-test/run.sh").toString(), locked.url(""),
					"drill-errors", "--results", REPORTS.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			assertThat(drill.waitFor(60, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(log);
			assertThat(drill.exitValue()).as(output).isEqualTo(3);
			assertThat(output).contains("are switched off (DEMO_FAULTROUTES_ENABLED=false)");
			assertThat(userRequests(Scrape.parse(locked.get("/metrics").body()), false))
				.as("no load after the check of /actuator/faults")
				.isLessThanOrEqualTo(1);
		}
	}

	@Test
	void drillsSendTheFaultTokenAndWithoutItSayWhatIsMissingAndStop() throws Exception {
		String token = "load-test-fault-token-0123456789";
		try (ServiceProcess guarded = ServiceProcess.start("service-b", "load-test-fault-token",
				Map.of("DEMO_FAULTROUTES_TOKEN", token))) {
			Path refusedLog = REPORTS.resolve("drill-no-token.log");
			Process refused = drill(guarded, refusedLog, null);
			assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(refusedLog);
			assertThat(refused.exitValue()).as(output).isEqualTo(3);
			assertThat(output).contains("need the fault token: FAULT_TOKEN=<token> load-test/run.sh");
			assertThat(json.readTree(guarded.get("/actuator/faults").body()).path("failureRatio").asDouble())
				.isEqualTo(0.0);

			Path allowedLog = REPORTS.resolve("drill-with-token.log");
			Process allowed = drill(guarded, allowedLog, token);
			assertThat(allowed.waitFor(120, TimeUnit.SECONDS)).isTrue();
			output = Files.readString(allowedLog);
			assertThat(allowed.exitValue()).as(output).isZero();
			assertThat(output).contains("faults set to {\"latency\":\"0ms\",\"failureRatio\":0.25")
				.contains("faults restored: 200");
			assertThat(json.readTree(guarded.get("/actuator/faults").body()).path("failureRatio").asDouble())
				.isEqualTo(0.0);
		}
	}

	/**
	 * A short drill-errors against one service, with {@code FAULT_TOKEN} in the
	 * environment when given.
	 */
	private static Process drill(ServiceProcess target, Path log, String token) throws IOException {
		Files.createDirectories(REPORTS);
		ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("load-test/run.sh").toString(), target.url(""),
				"drill-errors", "--rate", "5", "--duration", "5s", "--results", REPORTS.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().remove("FAULT_TOKEN");
		if (token != null) {
			builder.environment().put("FAULT_TOKEN", token);
		}
		return builder.start();
	}

	/**
	 * Routes of {@link #ROUTES} whose request count did not grow between the two scrapes,
	 * as service:path.
	 */
	private static List<String> reachedAll(Map<String, Map<String, Double>> before,
			Map<String, Map<String, Double>> after) {
		List<String> missed = new ArrayList<>();
		ROUTES.forEach((service, paths) -> {
			for (String path : paths) {
				double was = before.get(service).getOrDefault(path, 0.0);
				if (after.get(service).getOrDefault(path, 0.0) <= was) {
					missed.add(service + ":" + path);
				}
			}
		});
		return missed;
	}

	private static Map<String, Map<String, Double>> awaitRequestsByPath(
			Predicate<Map<String, Map<String, Double>>> condition) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		Map<String, Map<String, Double>> counts = requestsByPath();
		while (!condition.test(counts) && System.nanoTime() < deadline) {
			Thread.sleep(100);
			counts = requestsByPath();
		}
		return counts;
	}

	/** http_requests_total per service and path label. */
	private static Map<String, Map<String, Double>> requestsByPath() throws Exception {
		Map<String, Map<String, Double>> counts = new TreeMap<>();
		for (String name : Topology.read().names()) {
			Map<String, Double> byPath = new TreeMap<>();
			scrape(suite.get(name)).samples("http_requests_total")
				.forEach((sample) -> byPath.merge(sample.label("path"), sample.value(), Double::sum));
			counts.put(name, byPath);
		}
		return counts;
	}

	private static Scrape scrape(ServiceProcess service) throws Exception {
		return Scrape.parse(service.get("/metrics").body());
	}

	/**
	 * User requests (probes and scrapes excluded, as in the rules) between two scrapes.
	 */
	private static double requests(Scrape from, Scrape to) {
		return userRequests(to, false) - userRequests(from, false);
	}

	/**
	 * The share of 5xx among user requests between two scrapes, as
	 * application:http_requests_errors computes it.
	 */
	private static double errorRatio(Scrape from, Scrape to) {
		double all = requests(from, to);
		assertThat(all).as("requests between the scrapes").isPositive();
		return (userRequests(to, true) - userRequests(from, true)) / all;
	}

	private static double userRequests(Scrape scrape, boolean errorsOnly) {
		return scrape.samples("http_requests_total")
			.stream()
			.filter((sample) -> !sample.label("path").startsWith("/actuator")
					&& !sample.label("path").equals("/metrics"))
			.filter((sample) -> !errorsOnly || sample.label("status_code").startsWith("5"))
			.mapToDouble(Scrape.Sample::value)
			.sum();
	}

	private static JsonNode faults() throws IOException, InterruptedException {
		return json.readTree(suite.serviceA.get("/actuator/faults").body());
	}

	private static void awaitFaults(Predicate<JsonNode> condition, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.test(faults())) {
			assertThat(System.nanoTime()).as("the drill set service-a's faults in time").isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	private static Run run(String scenario, String... options) throws Exception {
		Path log = REPORTS.resolve(scenario + ".log");
		Process process = start(log, scenario, options);
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), Files.readString(log));
	}

	/** run.sh against the shared services; output to {@code log}. */
	private static Process start(Path log, String scenario, String... options) throws IOException {
		return LoadGenerator.start(suite::get, REPORTS, log, scenario, options);
	}

	private record Run(int exitCode, String output) {
	}

}
