package dev.o11ydemo.suite;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The suite's alert rules made fast enough for a test: read from the one source (the
 * PrometheusRule's spec, which is a Prometheus rule file) and changed by one documented
 * substitution only: every duration, in range selectors and in {@code for}, is divided by
 * {@link #SPEEDUP}. 5m becomes 20s, 15m 1m, 1h 4m. Thresholds and expressions stay as
 * they are, so what fires here is what fires in production, only sooner.
 */
final class CiRules {

	static final int SPEEDUP = 15;

	/**
	 * Prometheus' wait before it sends a firing or resolved alert to Alertmanager again
	 * (one minute by default), divided as the rules are. Reloading the configuration, as
	 * a test does to take a scrape target away, leaves Prometheus without an Alertmanager
	 * for a moment, and what it would have sent then is dropped until this resend
	 * (prometheus/prometheus#13064); at a full minute that would hold a sped-up alert
	 * fifteen times too long.
	 */
	static final String RESEND_DELAY = "--rules.alert.resend-delay=" + scale("1m");

	private static final Pattern RANGE = Pattern.compile("\\[(\\d+)([smhd])]");

	private CiRules() {
	}

	static String from(Path prometheusRule) {
		YAMLMapper yaml = YAMLMapper.builder().build();
		JsonNode spec = yaml.readTree(prometheusRule.toFile()).path("spec");
		for (JsonNode group : spec.path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				ObjectNode node = (ObjectNode) rule;
				if (node.has("for")) {
					node.put("for", scale(node.path("for").asString()));
				}
				node.put("expr", scaleRanges(node.path("expr").asString()));
			}
		}
		return yaml.writeValueAsString(spec);
	}

	/** Every range selector of a PromQL expression divided by {@link #SPEEDUP}. */
	static String scaleRanges(String expr) {
		Matcher range = RANGE.matcher(expr);
		return range.replaceAll((match) -> "[" + scale(match.group(1) + match.group(2)) + "]");
	}

	/** A Prometheus duration divided by {@link #SPEEDUP}, in whole seconds. */
	static String scale(String duration) {
		long seconds = Long.parseLong(duration.substring(0, duration.length() - 1))
				* switch (duration.charAt(duration.length() - 1)) {
					case 's' -> 1;
					case 'm' -> 60;
					case 'h' -> 3600;
					case 'd' -> 86_400;
					default -> throw new IllegalArgumentException(duration);
				};
		return (seconds / SPEEDUP) + "s";
	}

}
