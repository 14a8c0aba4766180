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
		runScript.put("./run.sh", 31L);
		String table = Report.markdown(results, runScript, Map.of("cpus", 2, "os", "Linux amd64", "java", "VM 25"));
		assertThat(table).contains("| figure | agent | no agent | agent aot |\n|---|---:|---:|---:|\n")
			.contains("| ready after start, service-a (ms) | 8,000 | 4,000 (0.50) | 6,000 (0.75) |")
			.contains("| RSS idle, service-a (MiB) | 340 | 200 (0.59) | 360 (1.06) |")
			.contains("| GET / at 5,000/s: CPU per request, all services (ms) | 2 | 1 (0.50) | 2.500 (1.25) |")
			.contains("| RSS after the load, service-a (MiB) | n/a | n/a | n/a |")
			.contains("| `./run.sh` | 31 |");
		assertThat(Report.json(results, runScript, Map.of("cpus", 2)))
			.startsWith("{\"machine\":{\"cpus\":2},\"results\":{\"agent\":")
			.contains("\"startupMs\":{\"service-a\":8000}")
			.endsWith("\"runScriptReadySeconds\":{\"./run.sh\":31}}\n");
	}

	@Test
	void withoutTheRunScriptTheTableEndsAfterTheRoutes() {
		String table = Report.markdown(Map.of("agent", mode(8000, 340, 2.0)), Map.of(), Map.of("cpus", 2));
		assertThat(table).contains("| figure | agent |\n|---|---:|\n").doesNotContain("all services ready");
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
