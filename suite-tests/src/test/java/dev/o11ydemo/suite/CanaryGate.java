package dev.o11ydemo.suite;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The canary component's SLO gate (k8s/components/canary/analysistemplate.yaml) measured
 * as Argo Rollouts' analysis measures it, on a real Prometheus: each metric's query with
 * the Rollout's arguments filled in, its success condition, its initial delay and
 * interval, its failure limit and the consecutive-error limit. Read from the committed
 * template, with one documented change: durations, in the queries' ranges and in the
 * delays, are divided as {@link CiRules} divides the rules'. The conditions are read, not
 * copied: a condition of another form than {@code result[0] <= number} fails the test
 * rather than being guessed at.
 */
final class CanaryGate {

	static final Path TEMPLATE = Path.of("k8s/components/canary/analysistemplate.yaml");

	/** How many errors in a row Argo Rollouts takes before the run errs (its default). */
	private static final int CONSECUTIVE_ERROR_LIMIT = 4;

	private static final Pattern CONDITION = Pattern.compile("result\\[0] <= ([0-9.]+)");

	private static final Pattern ARGUMENT = Pattern.compile("\\{\\{\\s*args\\.([a-z-]+)\\s*}}");

	/** What a run of the analysis ends as, and what the Rollout then does. */
	enum Phase {

		/** Every measurement inside the gate: the release goes on. */
		SUCCESSFUL,
		/** A metric failed more than its failure limit allows: the release is aborted. */
		FAILED,
		/** A metric could not be measured too often in a row: the release is aborted. */
		ERROR

	}

	/**
	 * @param phase how the run ended
	 * @param measurements each metric's measurements, in order, as value and verdict
	 */
	record Run(Phase phase, Map<String, List<String>> measurements) {
	}

	private record Metric(String name, String query, double threshold, Duration initialDelay, Duration interval,
			int failureLimit) {
	}

	private final List<Metric> metrics = new ArrayList<>();

	/**
	 * @param root the repository
	 * @param arguments the Rollout's arguments (those without a default)
	 */
	CanaryGate(Path root, Map<String, String> arguments) {
		JsonNode spec = YAMLMapper.builder().build().readTree(root.resolve(TEMPLATE).toFile()).path("spec");
		Map<String, String> values = new LinkedHashMap<>();
		for (JsonNode arg : spec.path("args")) {
			String name = arg.path("name").asString();
			String value = arguments.containsKey(name) ? arguments.get(name)
					: arg.has("value") ? arg.path("value").asString() : null;
			if (value == null) {
				throw new IllegalArgumentException("the gate needs the argument " + name);
			}
			values.put(name, value);
		}
		for (JsonNode metric : spec.path("metrics")) {
			String condition = metric.path("successCondition").asString();
			Matcher threshold = CONDITION.matcher(condition);
			if (!threshold.matches() || metric.has("failureCondition") || metric.has("count")) {
				throw new IllegalStateException(metric.path("name").asString() + ": this test evaluates a"
						+ " successCondition of the form result[0] <= number alone, not " + metric);
			}
			String query = ARGUMENT.matcher(metric.path("provider").path("prometheus").path("query").asString())
				.replaceAll((match) -> Matcher.quoteReplacement(values.get(match.group(1))));
			this.metrics.add(new Metric(metric.path("name").asString(), CiRules.scaleRanges(query),
					Double.parseDouble(threshold.group(1)), scaled(metric.path("initialDelay").asString("0s")),
					scaled(metric.path("interval").asString()), metric.path("failureLimit").asInt(0)));
		}
	}

	/** The metrics' names, in the template's order. */
	List<String> metricNames() {
		return this.metrics.stream().map(Metric::name).toList();
	}

	/**
	 * Measures every metric at its interval, after its initial delay, until one fails or
	 * errs past its limit (the run ends there, as the Rollout is aborted), or
	 * {@code rounds} measurements of each are in (a run that would go on).
	 */
	Run run(MonitoringProcess prometheus, int rounds) throws IOException, InterruptedException {
		Map<String, List<String>> measurements = new LinkedHashMap<>();
		Map<String, Integer> failures = new LinkedHashMap<>();
		Map<String, Integer> errors = new LinkedHashMap<>();
		// Measured together, round by round: the template gives every metric the same
		// delay and interval, and a template that does not is refused here.
		Duration delay = this.metrics.get(0).initialDelay();
		Duration interval = this.metrics.get(0).interval();
		if (this.metrics.stream()
			.anyMatch((metric) -> !metric.initialDelay().equals(delay) || !metric.interval().equals(interval))) {
			throw new IllegalStateException("this test measures the metrics together: give them one initialDelay"
					+ " and one interval, or measure each on its own schedule here");
		}
		Thread.sleep(delay.toMillis());
		for (int round = 0; round < rounds; round++) {
			if (round > 0) {
				Thread.sleep(interval.toMillis());
			}
			for (Metric metric : this.metrics) {
				JsonNode result = prometheus.query(metric.query());
				List<String> measured = measurements.computeIfAbsent(metric.name(), (name) -> new ArrayList<>());
				if (result.isEmpty()) {
					measured.add("no data: error");
					if (errors.merge(metric.name(), 1, Integer::sum) > CONSECUTIVE_ERROR_LIMIT) {
						return new Run(Phase.ERROR, measurements);
					}
					continue;
				}
				errors.put(metric.name(), 0);
				double value = Double.parseDouble(result.get(0).path("value").get(1).asString());
				// NaN fails as Argo Rollouts' expression does: NaN <= x is false.
				boolean inside = value <= metric.threshold();
				measured.add(value + (inside ? ": successful" : ": failed"));
				if (!inside && failures.merge(metric.name(), 1, Integer::sum) > metric.failureLimit()) {
					return new Run(Phase.FAILED, measurements);
				}
			}
		}
		return new Run(Phase.SUCCESSFUL, measurements);
	}

	private static Duration scaled(String duration) {
		return Duration.ofSeconds(Long.parseLong(CiRules.scale(duration).replace("s", "")));
	}

}
