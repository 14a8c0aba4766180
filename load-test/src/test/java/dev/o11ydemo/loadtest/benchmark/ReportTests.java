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
	void theTableComparesTheTwoModesFigureByFigure() {
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		results.put("agent", mode(8000, 340, 2.0));
		results.put("no agent", mode(4000, 200, 1.0));
		String table = Report.markdown(results, Map.of("cpus", 2, "os", "Linux amd64", "java", "VM 25"));
		assertThat(table).contains("| figure | agent | no agent | ratio |")
			.contains("| ready after start, service-a (ms) | 8,000 | 4,000 | 2.00 |")
			.contains("| RSS idle, service-a (MiB) | 340 | 200 | 1.70 |")
			.contains("| GET / at 5,000/s: CPU per request, all services (ms) | 2 | 1 | 2.00 |");
		assertThat(Report.json(results, Map.of("cpus", 2)))
			.startsWith("{\"machine\":{\"cpus\":2},\"results\":{\"agent\":")
			.contains("\"startupMs\":{\"service-a\":8000}");
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
