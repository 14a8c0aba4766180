package dev.o11ydemo.loadtest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The targets of docs/performance.md, computed from one run's set-ups. */
class TargetsTests {

	@Test
	void eachTargetIsARatioOfTwoSetUpsOfTheRunOrTheLargestIdleRss() {
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		results.put("agent", mode(Map.of("service-b", 6000, "service-a", 9000),
				Map.of("service-b", 190, "service-a", 230), 1.2, 40, 16000));
		results.put("no agent", mode(Map.of("service-b", 4000, "service-a", 5000),
				Map.of("service-b", 150, "service-a", 180), 1.0, 10, 20000));
		results.put("agent aot", mode(Map.of("service-b", 3000, "service-a", 4000),
				Map.of("service-b", 200, "service-a", 240), 1.5, 30, 17000));
		Map<String, Object> runScript = Map.of("./run.sh",
				Map.of("readySeconds", 24L, "idleRssMiB", Map.of("service-b", 210, "service-a", 250)));
		List<Targets.Target> targets = Targets.evaluate(results, runScript);
		assertThat(targets).extracting(Targets.Target::figure)
			// service-a's 9 s against 5 s is the worse of the two starts.
			.containsExactly(1.8, 230.0, 250.0, 1.2, 0.8, 1.25, 0.75);
		assertThat(targets).extracting(Targets.Target::met)
			.containsExactly(false, false, false, true, false, false, true);
		assertThat(targets.get(4).atMost()).isFalse();
	}

	@Test
	void aTargetWhoseSetUpsTheRunLacksHasNoFigure() {
		Map<String, Map<String, Object>> results = Map.of("agent",
				mode(Map.of("service-b", 6000), Map.of("service-b", 190), 1.2, 40, 16000));
		List<Targets.Target> targets = Targets.evaluate(results, Map.of());
		assertThat(targets.get(1).met()).isTrue();
		assertThat(targets).filteredOn((target) -> target != targets.get(1))
			.allSatisfy((target) -> assertThat(target.met()).isNull());
		assertThat(targets.get(2).needs()).containsExactly("./run.sh");
		assertThat(targets.get(5).needs()).containsExactly("agent aot", "agent");
	}

	private static Map<String, Object> mode(Map<String, Integer> startup, Map<String, Integer> idle, double callCpu,
			double callP99, double rootWrk) {
		Map<String, Object> mode = new LinkedHashMap<>();
		mode.put("startupMs", startup);
		mode.put("idleRssMiB", idle);
		mode.put("routes", Map.of(Benchmark.CALL.name(), Map.of("cpuMsPerRequest", callCpu, "p99Ms", callP99),
				Benchmark.HOME.name(), Map.of("wrkMax", rootWrk)));
		return mode;
	}

}
