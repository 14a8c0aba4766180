package dev.o11ydemo.loadtest.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's figures as a Markdown table (one column per mode), as JSON, and as an
 * HTML page with charts.
 */
final class Report {

	private static final Pattern ALL = Pattern.compile("\"all\":\\{([^}]*)}");

	private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":([0-9.]+)");

	private Report() {
	}

	/** The "all" entry of load-test/run.sh's --summary JSON. */
	static Map<String, Object> parseAll(String json) {
		Matcher all = ALL.matcher(json);
		if (!all.find()) {
			throw new IllegalArgumentException("no \"all\" entry in " + json);
		}
		Map<String, Object> figures = new LinkedHashMap<>();
		Matcher field = FIELD.matcher(all.group(1));
		while (field.find()) {
			figures.put(field.group(1), Double.parseDouble(field.group(2)));
		}
		return figures;
	}

	/** A row of the table: what it shows and its value in each mode, in order. */
	record Row(String figure, List<Object> values) {

	}

	/**
	 * One column per mode, in the order measured; every figure after the first column
	 * carries its ratio to the first. Then the targets, the profiles' top methods and
	 * {@code ./run.sh}'s time to all-ready, by set-up.
	 */
	static String markdown(Map<String, Map<String, Object>> results, Map<String, Object> runScript,
			Map<String, Object> machine) {
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT,
				"Machine: %s CPUs, %s, %s. Load generator (Gatling, open model) on the same machine. "
						+ "In parentheses: the ratio to the first column.%n%n",
				machine.get("cpus"), machine.get("os"), machine.get("java")));
		md.append("| figure | ").append(String.join(" | ", results.keySet())).append(" |\n|---|");
		md.append("---:|".repeat(results.size())).append('\n');
		for (Row row : rows(results)) {
			Object base = row.values().get(0);
			md.append("| ").append(row.figure()).append(" | ").append(format(base));
			for (Object value : row.values().subList(1, row.values().size())) {
				md.append(" | ").append(format(value));
				if (value instanceof Number v && base instanceof Number b && b.doubleValue() != 0) {
					md.append(String.format(Locale.ROOT, " (%.2f)", v.doubleValue() / b.doubleValue()));
				}
			}
			md.append(" |\n");
		}
		md.append("\n| target | limit | this run | met |\n|---|---:|---:|---|\n");
		for (Targets.Target target : Targets.evaluate(results, runScript)) {
			md.append("| ").append(String.join(" | ", cells(target))).append(" |\n");
		}
		String methods = topMethods(results);
		if (!methods.isEmpty()) {
			md.append("\nThe request threads' top methods (the innermost frame outside the JDK), by share of their "
					+ "samples:\n\n")
				.append(methods);
		}
		if (!runScript.isEmpty()) {
			md.append("\n| set-up | all services ready (s) | RSS idle (MiB) |\n|---|---:|---|\n");
			runScript.forEach((setUp, figures) -> md.append("| `")
				.append(setUp)
				.append("` | ")
				.append(format(path(figures, "readySeconds")))
				.append(" | ")
				.append(idleRss(figures))
				.append(" |\n"));
		}
		return md.toString();
	}

	/**
	 * The table's rows: each service's time to ready, idle RSS and RSS after the load;
	 * the scrapes; each route's figures with its CPU split by thread; the machine's CPU
	 * during the set-up, by the benchmark's processes and others; the profiles' share of
	 * each library.
	 */
	@SuppressWarnings("unchecked")
	static List<Row> rows(Map<String, Map<String, Object>> results) {
		List<Map<String, Object>> modes = List.copyOf(results.values());
		Map<String, Object> first = modes.get(0);
		List<Row> rows = new ArrayList<>();
		// The services in start order, as the benchmark measured them.
		Set<String> services = ((Map<String, Object>) first.get("startupMs")).keySet();
		for (String service : services) {
			rows.add(row("ready after start, " + service + " (ms)", modes, "startupMs", service));
		}
		for (String service : services) {
			rows.add(row("RSS idle, " + service + " (MiB)", modes, "idleRssMiB", service));
		}
		for (String service : services) {
			rows.add(row("RSS after the load, " + service + " (MiB)", modes, "loadedRssMiB", service));
		}
		rows.add(row("scrape of service-a (bytes)", modes, "scrape", "service-a", "bytes"));
		rows.add(row("series in service-a's scrape", modes, "scrape", "service-a", "series"));
		rows.add(row("series in order-service's scrape", modes, "scrape", "order-service", "series"));
		for (String route : ((Map<String, Object>) first.get("routes")).keySet()) {
			String at = route + " at " + format(path(first, "routes", route, "rate")) + "/s";
			rows.add(row(at + ": achieved req/s", modes, "routes", route, "perSecond"));
			rows.add(row(at + ": p50 (ms)", modes, "routes", route, "p50Ms"));
			rows.add(row(at + ": p99 (ms)", modes, "routes", route, "p99Ms"));
			rows.add(row(at + ": errors", modes, "routes", route, "errors"));
			rows.add(row(at + ": CPU per request, all services (ms)", modes, "routes", route, "cpuMsPerRequest"));
			for (ThreadCpu.Kind kind : ThreadCpu.Kind.values()) {
				rows.add(row(at + ": of which " + kind.label + " (ms)", modes, "routes", route, "cpuSplitMs",
						kind.label));
			}
			if (path(first, "routes", route, "wrkMax") != null) {
				rows.add(row(route + ": wrk maximum req/s (closed loop, 32 connections)", modes, "routes", route,
						"wrkMax"));
			}
		}
		rows.add(row("the set-up's length (s)", modes, "machineCpu", "elapsedS"));
		rows.add(row("the machine's CPU, every process (s)", modes, "machineCpu", "busyS"));
		rows.add(row("of which the benchmark's: services, load generator, wrk (s)", modes, "machineCpu", "benchmarkS"));
		rows.add(row("of which other processes' (s)", modes, "machineCpu", "othersS"));
		rows.add(row("taken by the hypervisor (steal, s)", modes, "machineCpu", "stealS"));
		rows.add(new Row("the busiest other processes (CPU s)",
				modes.stream()
					.<Object>map((mode) -> busiestOthers(path(mode, "machineCpu", "busiestOthers")))
					.toList()));
		Map<String, Set<String>> libraries = new LinkedHashMap<>();
		for (Map<String, Object> mode : modes) {
			if (mode.get("profile") instanceof Map<?, ?> profile) {
				((Map<String, Object>) profile)
					.forEach((service, summary) -> libraries.computeIfAbsent(service, (name) -> new LinkedHashSet<>())
						.addAll(((Map<String, Object>) ((Map<String, Object>) summary).get("byLibrary")).keySet()));
			}
		}
		libraries.forEach((service, names) -> {
			for (String library : names) {
				rows.add(
						row(Benchmark.CALL.name() + ", " + service + "'s request threads, share of samples: " + library,
								modes, "profile", service, "byLibrary", library));
			}
		});
		return rows;
	}

	@SuppressWarnings("unchecked")
	private static String topMethods(Map<String, Map<String, Object>> results) {
		StringBuilder md = new StringBuilder();
		results.forEach((mode, result) -> {
			if (result.get("profile") instanceof Map<?, ?> profile) {
				((Map<String, Object>) profile).forEach((service, summary) -> {
					Map<String, Object> figures = (Map<String, Object>) summary;
					md.append("- ").append(mode).append(", ").append(service);
					md.append(" (").append(format(figures.get("samples"))).append(" samples): ");
					List<String> methods = new ArrayList<>();
					((Map<String, Object>) figures.get("topMethods")).forEach((method, share) -> methods
						.add("`" + method + "` " + String.format(Locale.ROOT, "%.1f %%", 100 * (Double) share)));
					md.append(String.join(", ", methods)).append('\n');
				});
			}
		});
		return md.toString();
	}

	/** The busiest other processes as "dockerd (812) 4.1 · kworker/0:1 (46) 0.3". */
	private static String busiestOthers(Object busiest) {
		if (!(busiest instanceof Map<?, ?> processes)) {
			return null;
		}
		List<String> named = new ArrayList<>();
		processes.forEach((process, seconds) -> named.add(process + " " + format(seconds)));
		return named.isEmpty() ? "none" : String.join(" · ", named);
	}

	/** Each service's idle RSS as "service-b 280 · service-a 300". */
	@SuppressWarnings("unchecked")
	private static String idleRss(Object figures) {
		if (!(path(figures, "idleRssMiB") instanceof Map<?, ?> rss)) {
			return "n/a";
		}
		List<String> services = new ArrayList<>();
		((Map<String, Object>) rss).forEach((service, mib) -> services.add(service + " " + format(mib)));
		return String.join(" · ", services);
	}

	/**
	 * A target's row: what it compares, its limit, the run's figure (with each round's
	 * where there were several) and the verdict.
	 */
	private static List<String> cells(Targets.Target target) {
		String figure = format(target.figure());
		if (target.rounds().size() > 1) {
			figure += " (median of " + String.join(" · ", target.rounds().stream().map(Report::format).toList()) + ")";
		}
		return List.of(target.name(), (target.atMost() ? "≤ " : "≥ ") + format(target.limit()), figure,
				verdict(target));
	}

	private static String verdict(Targets.Target target) {
		Boolean met = target.met();
		if (met == null) {
			return "not measured (needs the set-ups " + String.join(" and ", target.needs()) + ")";
		}
		String verdict = met ? "met" : "not met";
		if (target.rounds().size() > 1) {
			verdict += String.format(Locale.ROOT, " (%d of %d rounds met it)", target.roundsMet(),
					target.rounds().size());
		}
		return verdict;
	}

	/** The charts of the HTML page: a title and the rows it draws, picked by label. */
	private static final List<Map.Entry<String, String>> CHARTS = List.of(
			Map.entry("Time to ready (ms)", "ready after start, "), Map.entry("Idle RSS (MiB)", "RSS idle, "),
			Map.entry("CPU per request, all services (ms)", ": CPU per request, all services (ms)"),
			Map.entry("p99 at the fixed rate (ms)", ": p99 (ms)"));

	private static final List<String> COLOURS = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
			"#8c564b", "#e377c2", "#7f7f7f");

	/**
	 * A self-contained HTML page (no script, no external resource): the targets, a bar
	 * chart each of the time to ready, idle RSS, CPU per request and p99 by set-up, the
	 * full table and the profiles' top methods.
	 */
	static String html(Map<String, Map<String, Object>> results, Map<String, Object> runScript,
			Map<String, Object> machine, String title) {
		List<String> modes = List.copyOf(results.keySet());
		List<Row> rows = rows(results);
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
			.append(escape(title))
			.append("</title>\n<style>body{font:14px sans-serif;margin:2em;max-width:1100px}"
					+ "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}"
					+ "td{text-align:right;white-space:nowrap}td:first-child{text-align:left}</style></head><body>\n<h1>")
			.append(escape(title))
			.append("</h1>\n<p>")
			.append(escape(String.format(Locale.ROOT, "Machine: %s CPUs, %s, %s.", machine.get("cpus"),
					machine.get("os"), machine.get("java"))))
			.append("</p>\n<h2>Targets</h2>\n<table><tr><th>target</th><th>limit</th><th>this run</th><th>met</th></tr>\n");
		for (Targets.Target target : Targets.evaluate(results, runScript)) {
			html.append("<tr>");
			cells(target).forEach((cell) -> html.append("<td>").append(escape(cell)).append("</td>"));
			html.append("</tr>\n");
		}
		html.append("</table>\n<h2>By set-up</h2>\n<p>Each group of bars is scaled to its own largest value.</p>\n");
		html.append(legend(modes));
		for (Map.Entry<String, String> chart : CHARTS) {
			List<Row> drawn = rows.stream().filter((row) -> row.figure().contains(chart.getValue())).toList();
			html.append("<h3>").append(escape(chart.getKey())).append("</h3>\n");
			html.append(bars(drawn, chart.getValue()));
		}
		html.append("<h2>Every figure</h2>\n<table><tr><th>figure</th>");
		modes.forEach((mode) -> html.append("<th>").append(escape(mode)).append("</th>"));
		html.append("</tr>\n");
		for (Row row : rows) {
			html.append("<tr><td>").append(escape(row.figure())).append("</td>");
			row.values().forEach((value) -> html.append("<td>").append(format(value)).append("</td>"));
			html.append("</tr>\n");
		}
		html.append("</table>\n");
		String methods = topMethods(results);
		if (!methods.isEmpty()) {
			html.append("<h2>Top methods of the request threads</h2>\n<pre>")
				.append(escape(methods))
				.append("</pre>\n");
		}
		if (!runScript.isEmpty()) {
			html.append("<h2>./run.sh: all services ready, RSS idle (MiB)</h2>\n<ul>");
			runScript.forEach((setUp, figures) -> html.append("<li>")
				.append(escape(setUp))
				.append(": ")
				.append(format(path(figures, "readySeconds")))
				.append(" s; RSS idle ")
				.append(escape(idleRss(figures)))
				.append("</li>"));
			html.append("</ul>\n");
		}
		return html.append("</body></html>\n").toString();
	}

	private static String legend(List<String> modes) {
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"%d\">",
				18 * modes.size() + 4));
		for (int i = 0; i < modes.size(); i++) {
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"0\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
							+ "<text x=\"20\" y=\"%d\" font-size=\"13\">%s</text>",
					18 * i, colour(i), 18 * i + 12, escape(modes.get(i))));
		}
		return svg.append("</svg>\n").toString();
	}

	/**
	 * Horizontal bars, a group per row (labelled by the row's figure less the chart's
	 * common part), a bar per set-up, each group scaled to its largest value.
	 */
	private static String bars(List<Row> rows, String common) {
		int bar = 14;
		int width = 900;
		int labelWidth = 260;
		int scale = width - labelWidth - 80;
		int modes = rows.isEmpty() ? 0 : rows.get(0).values().size();
		int groupHeight = bar * modes + 12;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
				width, groupHeight * rows.size() + 4));
		for (int g = 0; g < rows.size(); g++) {
			Row row = rows.get(g);
			double max = row.values()
				.stream()
				.filter(Number.class::isInstance)
				.mapToDouble((value) -> ((Number) value).doubleValue())
				.max()
				.orElse(0);
			int top = g * groupHeight;
			svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text>",
					top + bar * modes / 2 + 5,
					escape(row.figure().replace(common, " ").replaceAll("\\s*\\(\\w+\\)$", "").strip())));
			for (int m = 0; m < modes; m++) {
				Object value = row.values().get(m);
				double length = (value instanceof Number number && max > 0) ? scale * number.doubleValue() / max : 0;
				int y = top + m * bar;
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
								+ "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>",
						labelWidth, y, length, bar - 2, colour(m), labelWidth + length + 4, y + bar - 4,
						escape(format(value))));
			}
		}
		return svg.append("</svg>\n").toString();
	}

	private static String colour(int index) {
		return COLOURS.get(index % COLOURS.size());
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	static String json(Map<String, Map<String, Object>> results, Map<String, Object> runScript,
			Map<String, Object> machine) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("machine", machine);
		document.put("results", results);
		document.put("runScript", runScript);
		return toJson(document) + "\n";
	}

	private static Row row(String figure, List<Map<String, Object>> modes, String... keys) {
		List<Object> values = new ArrayList<>();
		for (Map<String, Object> mode : modes) {
			values.add(path(mode, keys));
		}
		return new Row(figure, values);
	}

	private static String format(Object value) {
		if (value == null) {
			return "n/a";
		}
		if (value instanceof Number number) {
			double d = number.doubleValue();
			if (d == Math.rint(d) && Math.abs(d) < 1e15) {
				return String.format(Locale.ROOT, "%,d", (long) d);
			}
			return String.format(Locale.ROOT, (Math.abs(d) < 10) ? "%.3f" : "%,.1f", d);
		}
		return value.toString();
	}

	/** The value at the keys' path through nested maps, or null where one is missing. */
	@SuppressWarnings("unchecked")
	static Object path(Object map, String... keys) {
		Object current = map;
		for (String key : keys) {
			if (!(current instanceof Map)) {
				return null;
			}
			current = ((Map<String, Object>) current).get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static String toJson(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Number || value instanceof Boolean) {
			return value.toString();
		}
		if (value instanceof Map<?, ?> map) {
			StringBuilder json = new StringBuilder("{");
			((Map<String, Object>) map).forEach((key, item) -> json.append(json.length() > 1 ? "," : "")
				.append(toJson(key))
				.append(':')
				.append(toJson(item)));
			return json.append('}').toString();
		}
		return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
