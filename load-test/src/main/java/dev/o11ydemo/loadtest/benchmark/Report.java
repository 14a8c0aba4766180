package dev.o11ydemo.loadtest.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's figures as a Markdown table (one column per mode) and as JSON.
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

	/**
	 * One column per mode, in the order measured; every figure after the first column
	 * carries its ratio to the first. Then {@code ./run.sh}'s time to all-ready, by
	 * set-up.
	 */
	@SuppressWarnings("unchecked")
	static String markdown(Map<String, Map<String, Object>> results, Map<String, Object> runScript,
			Map<String, Object> machine) {
		List<Map<String, Object>> modes = List.copyOf(results.values());
		Map<String, Object> first = modes.get(0);
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT,
				"Machine: %s CPUs, %s, %s. Load generator (Gatling, open model) on the same machine. "
						+ "In parentheses: the ratio to the first column.%n%n",
				machine.get("cpus"), machine.get("os"), machine.get("java")));
		md.append("| figure | ").append(String.join(" | ", results.keySet())).append(" |\n|---|");
		md.append("---:|".repeat(modes.size())).append('\n');
		// The services in start order, as the benchmark measured them.
		Set<String> services = ((Map<String, Object>) first.get("startupMs")).keySet();
		for (String service : services) {
			row(md, "ready after start, " + service + " (ms)", modes, "startupMs", service);
		}
		for (String service : services) {
			row(md, "RSS idle, " + service + " (MiB)", modes, "idleRssMiB", service);
		}
		for (String service : services) {
			row(md, "RSS after the load, " + service + " (MiB)", modes, "loadedRssMiB", service);
		}
		row(md, "scrape of service-a (bytes)", modes, "scrape", "service-a", "bytes");
		row(md, "series in service-a's scrape", modes, "scrape", "service-a", "series");
		row(md, "series in order-service's scrape", modes, "scrape", "order-service", "series");
		for (String route : ((Map<String, Object>) first.get("routes")).keySet()) {
			String at = route + " at " + format(path(first, "routes", route, "rate")) + "/s";
			row(md, at + ": achieved req/s", modes, "routes", route, "perSecond");
			row(md, at + ": p50 (ms)", modes, "routes", route, "p50Ms");
			row(md, at + ": p99 (ms)", modes, "routes", route, "p99Ms");
			row(md, at + ": errors", modes, "routes", route, "errors");
			row(md, at + ": CPU per request, all services (ms)", modes, "routes", route, "cpuMsPerRequest");
			if (path(first, "routes", route, "wrkMax") != null) {
				row(md, route + ": wrk maximum req/s (closed loop, 32 connections)", modes, "routes", route, "wrkMax");
			}
		}
		if (!runScript.isEmpty()) {
			md.append("\n| set-up | all services ready (s) |\n|---|---:|\n");
			runScript.forEach((setUp,
					seconds) -> md.append("| `").append(setUp).append("` | ").append(format(seconds)).append(" |\n"));
		}
		return md.toString();
	}

	static String json(Map<String, Map<String, Object>> results, Map<String, Object> runScript,
			Map<String, Object> machine) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("machine", machine);
		document.put("results", results);
		document.put("runScriptReadySeconds", runScript);
		return toJson(document) + "\n";
	}

	private static void row(StringBuilder md, String figure, List<Map<String, Object>> modes, String... keys) {
		Object base = path(modes.get(0), keys);
		md.append("| ").append(figure).append(" | ").append(format(base));
		for (Map<String, Object> mode : modes.subList(1, modes.size())) {
			Object value = path(mode, keys);
			md.append(" | ").append(format(value));
			if (value instanceof Number v && base instanceof Number b && b.doubleValue() != 0) {
				md.append(String.format(Locale.ROOT, " (%.2f)", v.doubleValue() / b.doubleValue()));
			}
		}
		md.append(" |\n");
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

	@SuppressWarnings("unchecked")
	private static Object path(Map<String, Object> map, String... keys) {
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
