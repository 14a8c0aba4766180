package dev.o11ydemo.loadtest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's report: reading run.sh's summary and printing the comparison table and
 * the JSON.
 */
class ReportTests {

	private static final String SUMMARY = "{\"seconds\":20.0,\"requests\":{\"GET /\":{\"count\":100,\"errors\":1,"
			+ "\"perSecond\":5.0,\"p50Ms\":2,\"p95Ms\":7,\"p99Ms\":9,\"maxMs\":30},\"all\":{\"count\":100,\"errors\":1,"
			+ "\"perSecond\":5.0,\"p50Ms\":2,\"p95Ms\":7,\"p99Ms\":9,\"maxMs\":30}}}";

	@Test
	void readsTheAllEntryOfTheSummary() {
		Map<String, Object> all = Report.parseAll(SUMMARY);
		assertThat(all).containsEntry("count", 100.0).containsEntry("errors", 1.0).containsEntry("p99Ms", 9.0);
	}

	@Test
	void theTableHasAColumnPerModeWithItsRatioToTheFirst() {
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		results.put("agent", mode(8000, 340, 2.0));
		results.put("no agent", mode(4000, 200, 1.0));
		results.put("agent aot", mode(6000, 360, 2.5));
		Map<String, Object> runScript = new LinkedHashMap<>();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("readySeconds", 31L);
		figures.put("idleRssMiB", Map.of("service-b", 280L));
		runScript.put("./run.sh", figures);
		String table = Report.markdown(results, runScript, Map.of("cpus", 2, "os", "Linux amd64", "java", "VM 25"));
		assertThat(table).contains("| figure | agent | no agent | agent aot |\n|---|---:|---:|---:|\n")
			.contains("| ready after start, service-a (ms) | 8,000 | 4,000 (0.50) | 6,000 (0.75) |")
			.contains("| RSS idle, service-a (MiB) | 340 | 200 (0.59) | 360 (1.06) |")
			.contains("| GET / at 5,000/s: CPU per request, all services (ms) | 2 | 1 (0.50) | 2.500 (1.25) |")
			.contains("| RSS after the load, service-a (MiB) | n/a | n/a | n/a |")
			.contains("| `./run.sh` | 31 | service-b 280 |");
		assertThat(Report.json(results, runScript, Map.of("cpus", 2)))
			.startsWith("{\"machine\":{\"cpus\":2},\"results\":{\"agent\":")
			.contains("\"startupMs\":{\"service-a\":8000}")
			.endsWith("\"runScript\":{\"./run.sh\":{\"readySeconds\":31,\"idleRssMiB\":{\"service-b\":280}}}}\n");
	}

	@Test
	void theMachinesCpuDuringASetUpNamesTheBusiestOtherProcesses() {
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		Map<String, Object> busy = mode(8000, 340, 2.0);
		Map<String, Object> busiest = new LinkedHashMap<>();
		busiest.put("dockerd (812)", 41.5);
		busiest.put("kworker/0:1 (46)", 0.3);
		busy.put("machineCpu",
				Map.of("busyS", 600.0, "benchmarkS", 500.0, "othersS", 42.0, "stealS", 90.0, "busiestOthers", busiest));
		Map<String, Object> quiet = mode(4000, 200, 1.0);
		quiet.put("machineCpu",
				Map.of("busyS", 500.0, "benchmarkS", 498.0, "othersS", 0.0, "stealS", 0.0, "busiestOthers", Map.of()));
		results.put("agent", busy);
		results.put("no agent", quiet);
		assertThat(Report.markdown(results, Map.of(), Map.of("cpus", 2)))
			.contains("| of which other processes' (s) | 42 | 0 (0.00) |")
			.contains("| taken by the hypervisor (steal, s) | 90 | 0 (0.00) |")
			.contains("| the busiest other processes (CPU s) | dockerd (812) 41.5 · kworker/0:1 (46) 0.300 | none |");
	}

	@Test
	void eachRouteHasItsCpuSplitByThreadAndTheProfileItsShareByLibrary() {
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		results.put("agent", profiled(mode(8000, 340, 2.0), 0.2));
		results.put("no agent", profiled(mode(4000, 200, 1.0), 0.0));
		String table = Report.markdown(results, Map.of(), Map.of("cpus", 2));
		assertThat(table).contains("| GET / at 5,000/s: of which request threads (ms) | 1.500 | 0.750 (0.50) |")
			.contains("| GET / at 5,000/s: of which JIT compiler (ms) | 0.500 | 0.250 (0.50) |")
			.contains(
					"| GET /call-service-b, service-a's request threads, share of samples: Tomcat | 0.300 | 0.300 (1.00) |")
			.contains("- agent, service-a (500 samples): `org.apache.coyote.Http11Processor.service` 30.0 %");
	}

	@Test
	void theTargetsFollowTheTableWithTheirFigureOrTheSetUpsTheyNeed() {
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		results.put("agent", mode(8000, 340, 2.0));
		results.put("no agent", mode(4000, 200, 1.0));
		String table = Report.markdown(results, Map.of(), Map.of("cpus", 2));
		assertThat(table).contains("| target | limit | this run | met |")
			.contains(
					"| the agent's start, slowest service against its start without the agent | ≤ 1.500 | 2 | not met |")
			.contains(
					"| idle RSS of the largest service with the agent, the pods' settings (MiB) | ≤ 200 | 340 | not met |")
			.contains(
					"with the agent, AOT cache against none | ≤ 1 | n/a | not measured (needs the set-ups agent aot and agent) |");
	}

	@Test
	void aTargetOfSeveralRoundsShowsTheirMedianEachRoundAndHowManyMetIt() {
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		long[] agentStarts = { 9000, 5000, 5600 };
		for (int round = 1; round <= 3; round++) {
			results.put(Targets.inRound("agent", round), mode(agentStarts[round - 1], 340, 2.0));
			results.put(Targets.inRound("no agent", round), mode(4000, 200, 1.0));
		}
		String table = Report.markdown(results, Map.of(), Map.of("cpus", 2));
		assertThat(table)
			.contains("| figure | agent #1 | no agent #1 | agent #2 | no agent #2 | agent #3 | no agent #3 |")
			.contains("| the agent's start, slowest service against its start without the agent | ≤ 1.500 "
					+ "| 1.400 (median of 2.250 · 1.250 · 1.400) | met (2 of 3 rounds met it) |");
	}

	@Test
	void thePageIsSelfContainedWithAChartPerFigureAndEscapesWhatItQuotes() {
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		results.put("agent", mode(8000, 340, 2.0));
		results.put("agent <b>", mode(4000, 200, 1.0));
		String page = Report.html(results, Map.of("./run.sh", Map.of("readySeconds", 24L)), Map.of("cpus", 2), "a & b");
		assertThat(page).startsWith("<!DOCTYPE html>")
			.contains("<title>a &amp; b</title>")
			.contains("agent &lt;b&gt;")
			.doesNotContain("<b>")
			.doesNotContain("<script")
			.doesNotContain("src=")
			.doesNotContain("href=");
		// The legend and the four charts: ready, idle RSS, CPU per request, p99.
		assertThat(page.split("<svg ", -1)).hasSize(6);
		assertThat(page).contains(">Time to ready (ms)</h3>").contains(">service-a</text>").contains(">8,000</text>");
	}

	@Test
	void withoutTheRunScriptTheTableEndsAfterTheRoutes() {
		String table = Report.markdown(Map.of("agent", mode(8000, 340, 2.0)), Map.of(), Map.of("cpus", 2));
		assertThat(table).contains("| figure | agent |\n|---|---:|\n").doesNotContain("all services ready");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> profiled(Map<String, Object> mode, double agentShare) {
		Map<String, Object> routes = new LinkedHashMap<>((Map<String, Object>) mode.get("routes"));
		Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) routes.get("GET /"));
		double cpu = (Double) root.get("cpuMsPerRequest");
		root.put("cpuSplitMs", Map.of("request threads", cpu * 0.75, "JIT compiler", cpu * 0.25));
		routes.put("GET /", root);
		mode.put("routes", routes);
		Map<String, Object> byLibrary = new LinkedHashMap<>();
		byLibrary.put("Tomcat", 0.3);
		byLibrary.put("OpenTelemetry (the agent and the API)", agentShare);
		mode.put("profile", Map.of("service-a", Map.of("samples", 500L, "byLibrary", byLibrary, "topMethods",
				Map.of("org.apache.coyote.Http11Processor.service", 0.3))));
		return mode;
	}

	private static Map<String, Object> mode(long startup, long rss, double cpu) {
		Map<String, Object> route = new LinkedHashMap<>(Report.parseAll(SUMMARY));
		route.put("rate", 5000.0);
		route.put("cpuMsPerRequest", cpu);
		Map<String, Object> mode = new LinkedHashMap<>();
		mode.put("startupMs", Map.of("service-a", startup));
		mode.put("idleRssMiB", Map.of("service-a", rss));
		mode.put("routes", Map.of("GET /", route));
		return mode;
	}

}
