package dev.o11ydemo.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The vector selectors of a PromQL expression, as the rule and dashboard checks read
 * them: enough of the grammar for the suite's own queries (string literals, range and
 * subquery brackets, grouping clauses, Grafana's {@code $variables}), not a parser.
 */
public final class PromQl {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

	private static final Pattern PLACEHOLDER = Pattern.compile("\"(\\d+)\"");

	/**
	 * A metric name, its matchers in braces, or both; never inside a word or a number.
	 */
	private static final Pattern SELECTOR = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*)?\\s*(\\{[^}]*})?");

	/** Words that stand where a metric name could, and are none. */
	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "by",
			"without", "on", "ignoring", "group_left", "group_right");

	private PromQl() {
	}

	/**
	 * Each vector selector of {@code expr}, in order.
	 */
	public static List<Selector> selectors(String expr) {
		// String literals out of the way (they may hold braces and words), restored in
		// the matchers.
		List<String> strings = new ArrayList<>();
		Matcher literal = STRING.matcher(expr);
		StringBuilder plain = new StringBuilder();
		while (literal.find()) {
			strings.add(literal.group());
			literal.appendReplacement(plain, "\"" + (strings.size() - 1) + "\"");
		}
		literal.appendTail(plain);
		String stripped = plain.toString()
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\$\\{?\\w+}?", "1");
		List<Selector> selectors = new ArrayList<>();
		Matcher selector = SELECTOR.matcher(stripped);
		while (selector.find()) {
			String name = selector.group(1);
			String braces = selector.group(2);
			if (name == null && braces == null) {
				continue;
			}
			boolean notAMetric = name != null && braces == null
					&& (stripped.substring(selector.end()).stripLeading().startsWith("(")
							|| KEYWORDS.contains(name.toLowerCase(Locale.ROOT)));
			if (notAMetric) {
				continue;
			}
			String matchers = (braces != null) ? PLACEHOLDER.matcher(braces.substring(1, braces.length() - 1))
				.replaceAll((found) -> Matcher.quoteReplacement(strings.get(Integer.parseInt(found.group(1)))))
				.strip() : "";
			selectors.add(new Selector(name, matchers));
		}
		return selectors;
	}

	/**
	 * The metric names {@code expr} reads.
	 */
	public static Set<String> metricNames(String expr) {
		Set<String> names = new LinkedHashSet<>();
		for (Selector selector : selectors(expr)) {
			if (selector.metric() != null) {
				names.add(selector.metric());
			}
		}
		return names;
	}

	/**
	 * One vector selector.
	 *
	 * @param metric its metric name, or null for braces alone
	 * @param matchers what its braces hold, as written ({@code ""} for a name alone)
	 */
	public record Selector(@Nullable String metric, String matchers) {

		@Override
		public String toString() {
			return ((this.metric != null) ? this.metric : "")
					+ (this.matchers.isEmpty() ? "" : "{" + this.matchers + "}");
		}

	}

}
