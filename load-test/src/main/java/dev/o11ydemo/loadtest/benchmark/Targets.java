package dev.o11ydemo.loadtest.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BiFunction;

/**
 * The performance targets of docs/performance.md, each a figure of one benchmark run: a
 * ratio between two of its set-ups (absolute times vary by machine and day), or an
 * absolute size where the target is one (the idle RSS). A target whose set-ups the run
 * did not measure has no figure.
 */
final class Targets {

	private static final String CALL = Benchmark.CALL.name();

	private static final String HOME = Benchmark.HOME.name();

	private Targets() {
	}

	/**
	 * A target: what is compared, the limit and whether the figure must stay at or under
	 * it (or at or over it), and the run's figure (null when the run lacks a set-up it
	 * needs).
	 *
	 * @param name what the figure is
	 * @param limit the target
	 * @param atMost whether the figure must be at most the limit, or at least
	 * @param figure the run's figure, or null
	 * @param needs the set-ups the figure needs
	 */
	record Target(String name, double limit, boolean atMost, Double figure, List<String> needs) {

		/** Whether the figure meets the target; null without a figure. */
		Boolean met() {
			if (this.figure == null) {
				return null;
			}
			return this.atMost ? this.figure <= this.limit : this.figure >= this.limit;
		}

	}

	/** The name of ./run.sh's default set-up in the benchmark's figures. */
	static final String RUN_SCRIPT = "./run.sh";

	static List<Target> evaluate(Map<String, Map<String, Object>> results, Map<String, Object> runScript) {
		List<Target> targets = new ArrayList<>();
		targets.add(compare("the agent's start, slowest service against its start without the agent", results, "agent",
				"no agent", 1.5, true, Targets::worstStartRatio));
		targets.add(new Target("idle RSS of the largest service with the agent, the pods' settings (MiB)", 200, true,
				largest(results.get("agent"), "idleRssMiB"), List.of("agent")));
		targets.add(new Target("idle RSS of the largest service as ./run.sh runs them (MiB)", 220, true,
				largest(runScript.get(RUN_SCRIPT), "idleRssMiB"), List.of(RUN_SCRIPT)));
		targets.add(compare("CPU per " + CALL + ", agent against no agent", results, "agent", "no agent", 1.3, true,
				ratioOf(CALL, "cpuMsPerRequest")));
		targets.add(compare(HOME + " closed-loop maximum (wrk), agent against no agent", results, "agent", "no agent",
				0.9, false, ratioOf(HOME, "wrkMax")));
		targets.add(compare("CPU per " + CALL + " with the agent, AOT cache against none", results, "agent aot",
				"agent", 1.0, true, ratioOf(CALL, "cpuMsPerRequest")));
		targets.add(compare(CALL + " p99 with the agent, AOT cache against none", results, "agent aot", "agent", 1.0,
				true, ratioOf(CALL, "p99Ms")));
		return targets;
	}

	private static Target compare(String name, Map<String, Map<String, Object>> results, String measured,
			String against, double limit, boolean atMost,
			BiFunction<Map<String, Object>, Map<String, Object>, Double> ratio) {
		Double figure = (results.containsKey(measured) && results.containsKey(against))
				? ratio.apply(results.get(measured), results.get(against)) : null;
		return new Target(name, limit, atMost, figure, List.of(measured, against));
	}

	/** A route's figure in one set-up divided by the same figure in the other. */
	private static BiFunction<Map<String, Object>, Map<String, Object>, Double> ratioOf(String route, String key) {
		return (measured, against) -> {
			Double top = route(measured, route, key);
			Double bottom = route(against, route, key);
			return (top != null && bottom != null && bottom != 0) ? top / bottom : null;
		};
	}

	/** The largest ratio of a service's time to ready between the two set-ups. */
	@SuppressWarnings("unchecked")
	private static Double worstStartRatio(Map<String, Object> measured, Map<String, Object> against) {
		Map<String, Object> with = (Map<String, Object>) measured.get("startupMs");
		Map<String, Object> without = (Map<String, Object>) against.get("startupMs");
		Double worst = null;
		for (Map.Entry<String, Object> service : with.entrySet()) {
			if (without.get(service.getKey()) instanceof Number base && service.getValue() instanceof Number value) {
				double ratio = value.doubleValue() / base.doubleValue();
				worst = (worst == null) ? ratio : Math.max(worst, ratio);
			}
		}
		return worst;
	}

	private static Double largest(Object figures, String key) {
		if (!(Report.path(figures, key) instanceof Map<?, ?> values)) {
			return null;
		}
		OptionalDouble max = values.values()
			.stream()
			.filter(Number.class::isInstance)
			.mapToDouble((value) -> ((Number) value).doubleValue())
			.max();
		return max.isPresent() ? max.getAsDouble() : null;
	}

	private static Double route(Map<String, Object> mode, String route, String key) {
		return (Report.path(mode, "routes", route, key) instanceof Number value) ? value.doubleValue() : null;
	}

}
