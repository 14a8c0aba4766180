package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.o11ydemo.testsupport.PromQl;
import dev.o11ydemo.testsupport.Topology;

/**
 * Every panel of every dashboard shows data: each query, with the dashboard's variables
 * set to the values its own variable queries return, runs against the real Prometheus of
 * the {@link MonitoredSuite} (the suite's recording rules evaluated, sped up by
 * {@link CiRules}) after a minute of the load generator's steady traffic, and must return
 * at least one series. The queries that need a cluster's, AWS's or Loki's data are listed
 * in {@code dashboards-elsewhere.yml} with the metrics they read, and checked against
 * those exporters' recorded shapes in {@code exporter-shapes.yml}; a query in neither
 * place fails.
 */
class DashboardsEndToEndTests {

	private static final Path ROOT = Topology.root();

	private static final Path DASHBOARDS = ROOT.resolve("k8s/components/monitoring/dashboards");

	private static final Path REPORTS = Path.of("target/load-test-reports").toAbsolutePath();

	/**
	 * Grafana's own variables as it would set them here: $__rate_interval is four scrape
	 * intervals at least, and more than the sped-up rules' shortest window needs.
	 */
	private static final Map<String, String> BUILT_IN = Map.of("__rate_interval", "15s", "__interval", "5s", "__range",
			"5m");

	/**
	 * A range panel's query spans the traffic's minute, as Grafana's time picker would.
	 */
	private static final Duration RANGE = Duration.ofMinutes(1);

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

	private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");

	private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final YAMLMapper yaml = YAMLMapper.builder().build();

	private static MonitoredSuite suite;

	/** Metric names Prometheus has here: the services', the recorded ones, its own. */
	private static Set<String> here;

	@BeforeAll
	static void traffic() throws Exception {
		suite = MonitoredSuite.shared();
		// A minute of it: the range queries look back over that minute.
		suite.dashboardTraffic(REPORTS, "dashboards", "60s");
		suite.await(Duration.ofSeconds(30),
				() -> suite.prometheus
					.query("node_gauge_example and on () application:http_requests_errors:ratio_rate30d")
					.size() > 0);
		here = new TreeSet<>(suite.prometheus.labelValues("__name__", "{__name__=~\".+\"}"));
	}

	@Test
	void everyQueryThatCanRunHereReturnsDataForTheDashboardsVariables() throws Exception {
		Run run = run(suite.prometheus, Map.of());
		assertThat(run.empty()).isEmpty();
		assertThat(run.executed()).as("queries executed").isGreaterThan(50);
	}

	/**
	 * Runs every query of every dashboard that can run here on {@code prometheus}, with
	 * the {@code fixed} variables set to their value and the others to those their
	 * variable queries return there.
	 */
	static Run run(MonitoringProcess prometheus, Map<String, String> fixed) throws Exception {
		Map<String, Map<String, List<String>>> elsewhere = elsewhere();
		List<String> empty = new ArrayList<>();
		int executed = 0;
		for (Path file : dashboards()) {
			JsonNode dashboard = json.readTree(file.toFile());
			Map<String, List<String>> listed = elsewhere.getOrDefault(name(file), Map.of());
			Map<String, List<String>> values = variableValues(prometheus, fixed, dashboard, listed, empty, name(file));
			for (Query query : queries(dashboard)) {
				if (listed.containsKey(query.panel())) {
					continue;
				}
				executed++;
				List<String> answers = new ArrayList<>();
				if (!returnsData(prometheus, query, values, answers)) {
					empty.add(name(file) + " / " + query.panel() + " (" + query.refId() + "): " + answers);
				}
			}
		}
		return new Run(executed, empty);
	}

	@Test
	void everyOtherQueryIsListedWithTheMetricsItReadsAndUsesOnlyTheirMetricAndLabelNames() throws Exception {
		Map<String, Map<String, List<String>>> elsewhere = elsewhere();
		Map<String, Shape> shapes = shapes();
		List<String> problems = new ArrayList<>();
		for (Path file : dashboards()) {
			JsonNode dashboard = json.readTree(file.toFile());
			Map<String, List<String>> listed = new TreeMap<>(elsewhere.getOrDefault(name(file), Map.of()));
			Map<String, List<Query>> byPanel = new LinkedHashMap<>();
			queries(dashboard)
				.forEach((query) -> byPanel.computeIfAbsent(query.panel(), (panel) -> new ArrayList<>()).add(query));
			variableQueries(dashboard)
				.forEach((query) -> byPanel.computeIfAbsent(query.panel(), (panel) -> new ArrayList<>()).add(query));
			byPanel.forEach((panel, queries) -> {
				Set<String> needed = new TreeSet<>();
				Set<String> labels = new TreeSet<>();
				for (Query query : queries) {
					if (query.loki()) {
						needed.add("loki");
					}
					else {
						PromQl.metricNames(query.expr())
							.stream()
							.filter((metric) -> !here.contains(metric))
							.forEach(needed::add);
					}
					labels.addAll(labels(query.expr()));
				}
				List<String> entry = listed.remove(panel);
				String where = name(file) + " / " + panel;
				if (entry == null) {
					if (!needed.isEmpty()) {
						problems.add(where + " reads " + needed
								+ ", which nothing here exports: list it in dashboards-elsewhere.yml or fix the name");
					}
					return;
				}
				if (needed.isEmpty()) {
					problems.add(where + " runs here: take it off dashboards-elsewhere.yml");
				}
				if (!needed.equals(new TreeSet<>(entry))) {
					problems.add(where + " reads " + needed + ", dashboards-elsewhere.yml says " + entry);
				}
				Set<String> known = new TreeSet<>();
				for (String metric : needed) {
					Shape shape = shapes.get(metric);
					if (shape == null) {
						problems.add(where + ": " + metric + " is in no exporter's shape (exporter-shapes.yml)");
					}
					else {
						known.addAll(shape.labels());
					}
				}
				labels.removeAll(known);
				labels.remove("__name__");
				// The external label a cluster's Prometheus adds to what leaves it: a
				// central
				// server's series carry it, whichever exporter they came from.
				labels.remove("cluster");
				if (!labels.isEmpty() && shapes.keySet().containsAll(needed)) {
					problems.add(where + " uses labels " + labels + " that " + needed + " do not carry");
				}
			});
			listed.keySet()
				.forEach((panel) -> problems
					.add(name(file) + " / " + panel + " is in dashboards-elsewhere.yml but not in the dashboard"));
		}
		elsewhere.keySet()
			.stream()
			.filter((file) -> !Files.exists(DASHBOARDS.resolve(file)))
			.forEach((file) -> problems.add(file + " is in dashboards-elsewhere.yml but is no dashboard"));
		assertThat(problems).isEmpty();
	}

	@Test
	void theLogPanelsStreamLabelsAreTheOnesBothLogShippersSet() throws Exception {
		Set<String> streamLabels = new TreeSet<>(shapes().get("loki").labels());
		String alloy = Files.readString(ROOT.resolve("compose/alloy/config.alloy"));
		String fluentBit = yaml.readTree(ROOT.resolve("k8s/platform/fluent-bit.values.yaml").toFile())
			.at("/config/outputs")
			.asString();
		for (String label : streamLabels) {
			assertThat(alloy).as("compose's Alloy sets %s", label).contains("target_label  = \"" + label + "\"");
			assertThat(fluentBit).as("the cluster's Fluent Bit sets %s", label)
				.containsPattern("Labels .*\\b" + label + "=");
		}
		int logPanels = 0;
		for (Path file : dashboards()) {
			for (Query query : queries(json.readTree(file.toFile()))) {
				if (query.loki()) {
					logPanels++;
					assertThat(streamLabels).as(query.panel()).containsAll(labels(query.expr()));
				}
			}
		}
		assertThat(logPanels).isPositive();
	}

	/**
	 * Runs {@code query} for each combination of the values of the variables it uses;
	 * true at the first that returns a series.
	 */
	private static boolean returnsData(MonitoringProcess prometheus, Query query, Map<String, List<String>> values,
			List<String> answers) throws Exception {
		List<Map<String, String>> combinations = new ArrayList<>(List.of(new TreeMap<>(BUILT_IN)));
		Matcher used = VARIABLE.matcher(query.expr());
		Set<String> names = new TreeSet<>();
		while (used.find()) {
			names.add(used.group(1));
		}
		for (String name : names) {
			if (BUILT_IN.containsKey(name)) {
				continue;
			}
			List<Map<String, String>> next = new ArrayList<>();
			for (Map<String, String> combination : combinations) {
				for (String value : values.getOrDefault(name, List.of())) {
					Map<String, String> extended = new TreeMap<>(combination);
					extended.put(name, value);
					next.add(extended);
				}
			}
			combinations = next;
		}
		for (Map<String, String> combination : combinations) {
			String expr = substitute(query.expr(), combination);
			JsonNode answer = prometheus.query(expr, query.instant() ? Duration.ZERO : RANGE, Duration.ofSeconds(5));
			if (!answer.path("status").asString().equals("success")) {
				answers.add(combination + ": " + answer.path("error").asString());
			}
			else if (!answer.path("data").path("result").isEmpty()) {
				return true;
			}
			else {
				answers.add(combination + ": no series");
			}
		}
		return false;
	}

	/**
	 * Each variable's values, as Grafana would offer them here: a query variable's from
	 * its label_values query (or its all-value, where it offers "All"), a text box's
	 * default. A variable with no value at all is a broken dashboard, unless its query is
	 * one of those listed elsewhere.
	 */
	private static Map<String, List<String>> variableValues(MonitoringProcess prometheus, Map<String, String> fixed,
			JsonNode dashboard, Map<String, List<String>> listed, List<String> problems, String file) throws Exception {
		Map<String, List<String>> values = new TreeMap<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			String name = variable.path("name").asString();
			if (fixed.containsKey(name)) {
				values.put(name, List.of(fixed.get(name)));
				continue;
			}
			switch (variable.path("type").asString()) {
				case "textbox", "constant" -> values.put(name, List.of(variable.path("query").asString()));
				case "query" -> {
					if (listed.containsKey("variable " + name)) {
						continue;
					}
					Matcher query = LABEL_VALUES.matcher(variable.path("query").path("query").asString());
					assertThat(query.matches()).as(file + " variable " + name).isTrue();
					String match = substitute(query.group(1), first(values));
					List<String> found = prometheus.labelValues(query.group(2), match);
					if (variable.path("includeAll").asBoolean() && variable.has("allValue")) {
						values.put(name, List.of(variable.path("allValue").asString()));
					}
					else if (found.isEmpty()) {
						problems.add(file + " variable " + name + ": " + variable.path("query") + " has no values");
					}
					else {
						values.put(name, found);
					}
				}
				default -> {
					// a data source variable: the queries go to this Prometheus
				}
			}
		}
		return values;
	}

	private static Map<String, String> first(Map<String, List<String>> values) {
		Map<String, String> first = new TreeMap<>(BUILT_IN);
		values.forEach((name, list) -> first.put(name, list.get(0)));
		return first;
	}

	private static String substitute(String expr, Map<String, String> values) {
		return VARIABLE.matcher(expr).replaceAll((variable) -> {
			String value = values.get(variable.group(1));
			assertThat(value).as("a value for $%s in %s", variable.group(1), expr).isNotNull();
			return Matcher.quoteReplacement(value);
		});
	}

	/** The label names a query matches on or groups by. */
	static Set<String> labels(String expr) {
		String withoutStrings = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
		Set<String> labels = new TreeSet<>();
		Matcher matchers = MATCHERS.matcher(withoutStrings);
		while (matchers.find()) {
			Matcher matcher = MATCHER.matcher(matchers.group(1));
			while (matcher.find()) {
				labels.add(matcher.group(1));
			}
		}
		Matcher grouping = GROUPING.matcher(withoutStrings);
		while (grouping.find()) {
			for (String label : grouping.group(1).split(",")) {
				if (!label.isBlank()) {
					labels.add(label.strip());
				}
			}
		}
		return labels;
	}

	/** Every target of every panel. */
	private static List<Query> queries(JsonNode dashboard) {
		List<Query> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(new Query(panel.path("title").asString(), target.path("refId").asString(),
						target.path("expr").asString(), target.path("instant").asBoolean(),
						target.path("datasource").path("type").asString().equals("loki")));
			}
		}
		return queries;
	}

	/** Each query variable's selector, as a query named "variable <name>". */
	private static List<Query> variableQueries(JsonNode dashboard) {
		List<Query> queries = new ArrayList<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if (variable.path("type").asString().equals("query")) {
				Matcher query = LABEL_VALUES.matcher(variable.path("query").path("query").asString());
				assertThat(query.matches()).as(variable.toString()).isTrue();
				queries.add(new Query("variable " + variable.path("name").asString(), "", query.group(1), true, false));
			}
		}
		return queries;
	}

	private static Map<String, Map<String, List<String>>> elsewhere() throws Exception {
		Map<String, Map<String, List<String>>> elsewhere = new TreeMap<>();
		try (InputStream in = DashboardsEndToEndTests.class.getResourceAsStream("/dashboards-elsewhere.yml")) {
			yaml.readTree(in).properties().forEach((file) -> {
				Map<String, List<String>> panels = new TreeMap<>();
				file.getValue().properties().forEach((panel) -> {
					List<String> metrics = new ArrayList<>();
					panel.getValue().forEach((metric) -> metrics.add(metric.asString()));
					panels.put(panel.getKey(), metrics);
				});
				elsewhere.put(file.getKey(), panels);
			});
		}
		return elsewhere;
	}

	/** Each metric of exporter-shapes.yml with the labels its series carry. */
	private static Map<String, Shape> shapes() throws Exception {
		Map<String, Shape> shapes = new TreeMap<>();
		try (InputStream in = DashboardsEndToEndTests.class.getResourceAsStream("/exporter-shapes.yml")) {
			yaml.readTree(in).properties().forEach((exporter) -> {
				List<String> added = new ArrayList<>();
				exporter.getValue().path("added").forEach((label) -> added.add(label.asString()));
				exporter.getValue().path("metrics").properties().forEach((metric) -> {
					List<String> labels = new ArrayList<>(added);
					metric.getValue().forEach((label) -> labels.add(label.asString()));
					shapes.put(metric.getKey(), new Shape(exporter.getKey(), labels));
				});
			});
		}
		return shapes;
	}

	private static List<Path> dashboards() throws Exception {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

	private static String name(Path file) {
		return file.getFileName().toString();
	}

	/** How many queries ran, and those that returned no series. */
	record Run(int executed, List<String> empty) {
	}

	/** One query of a panel (or a variable's selector). */
	private record Query(String panel, String refId, String expr, boolean instant, boolean loki) {
	}

	/** An exporter's metric and the labels its series carry. */
	private record Shape(String exporter, List<String> labels) {
	}

}
