package dev.o11ydemo.loadtest.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The performance targets of docs/performance.md, each a figure of one benchmark run: a
 * ratio between two of its set-ups (absolute times vary by machine and day), or an
 * absolute size where the target is one (the idle RSS). A target whose set-ups the run
 * did not measure has no figure. Where the run measured its set-ups in several rounds
 * ({@link #inRound}), each round gives a figure from its own set-ups, and the target's
 * figure is their median: the same set-up varied by up to 37 % between runs, more than a
 * target's margin (docs/performance.md).
 */
final class Targets {

	private static final String CALL = Benchmark.CALL.name();

	private static final String HOME = Benchmark.HOME.name();

	private Targets() {
	}

	private static final Pattern ROUND = Pattern.compile("(.*) #(\\d+)");

	/**
	 * A target: what is compared, the limit and whether the figure must stay at or under
	 * it (or at or over it), and the figure of each round of the run (none when the run
	 * lacks a set-up it needs).
	 *
	 * @param name what the figure is
	 * @param limit the target
	 * @param atMost whether the figure must be at most the limit, or at least
	 * @param rounds the figure of each round, in the order measured
	 * @param needs the set-ups the figure needs
	 */
	record Target(String name, double limit, boolean atMost, List<Double> rounds, List<String> needs) {

		/** The median of the rounds' figures, or null without one. */
		Double figure() {
			List<Double> sorted = this.rounds.stream().sorted().toList();
			int n = sorted.size();
			if (n == 0) {
				return null;
			}
			return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		}

		/** Whether the figure meets the target; null without a figure. */
		Boolean met() {
			Double figure = figure();
			return (figure != null) ? meets(figure) : null;
		}

		/** How many rounds' figures meet the target on their own. */
		long roundsMet() {
			return this.rounds.stream().filter(this::meets).count();
		}

		private boolean meets(double figure) {
			return this.atMost ? figure <= this.limit : figure >= this.limit;
		}

	}

	/** The name of a set-up's measurement in a round of a run of several rounds. */
	static String inRound(String setUp, int round) {
		return setUp + " #" + round;
	}

	/**
	 * The measurements of a set-up in the order measured: the one under its own name, or
	 * one per round.
	 */
	static List<Map<String, Object>> rounds(Map<String, Map<String, Object>> results, String setUp) {
		List<Map<String, Object>> rounds = new ArrayList<>();
		results.forEach((name, result) -> {
			Matcher round = ROUND.matcher(name);
			if (name.equals(setUp) || (round.matches() && round.group(1).equals(setUp))) {
				rounds.add(result);
			}
		});
		return rounds;
	}

	/** The name of ./run.sh's default set-up in the benchmark's figures. */
	static final String RUN_SCRIPT = "./run.sh";

	static List<Target> evaluate(Map<String, Map<String, Object>> results, Map<String, Object> runScript) {
		List<Target> targets = new ArrayList<>();
		targets.add(compare("the agent's start, slowest service against its start without the agent", results, "agent",
				"no agent", 1.5, true, Targets::worstStartRatio));
		targets.add(new Target("idle RSS of the largest service with the agent, the pods' settings (MiB)", 200, true,
				rounds(results, "agent").stream()
					.map((round) -> largest(round, "idleRssMiB"))
					.filter(Objects::nonNull)
					.toList(),
				List.of("agent")));
		Double runScriptRss = largest(runScript.get(RUN_SCRIPT), "idleRssMiB");
		targets.add(new Target("idle RSS of the largest service as ./run.sh runs them (MiB)", 220, true,
				(runScriptRss != null) ? List.of(runScriptRss) : List.of(), List.of(RUN_SCRIPT)));
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
		// Round by round: a set-up against the one measured beside it.
		List<Map<String, Object>> measuredRounds = rounds(results, measured);
		List<Map<String, Object>> againstRounds = rounds(results, against);
		List<Double> figures = new ArrayList<>();
		for (int i = 0; i < Math.min(measuredRounds.size(), againstRounds.size()); i++) {
			Double figure = ratio.apply(measuredRounds.get(i), againstRounds.get(i));
			if (figure != null) {
				figures.add(figure);
			}
		}
		return new Target(name, limit, atMost, figures, List.of(measured, against));
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
