package dev.o11ydemo.loadtest.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's figures as a Markdown table (agent, no agent, their ratio) and as JSON.
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

	@SuppressWarnings("unchecked")
	static String markdown(Map<String, Map<String, Object>> results, Map<String, Object> machine) {
		List<String> modes = List.copyOf(results.keySet());
		Map<String, Object> agent = results.get(modes.get(0));
		Map<String, Object> bare = results.get(modes.get(modes.size() > 1 ? 1 : 0));
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT,
				"Machine: %s CPUs, %s, %s. Load generator (Gatling, open model) on the same machine.%n%n",
				machine.get("cpus"), machine.get("os"), machine.get("java")));
		md.append("| figure | " + modes.get(0) + " | " + modes.get(modes.size() > 1 ? 1 : 0)
				+ " | ratio |\n|---|---:|---:|---:|\n");
		// The services in start order, as the benchmark measured them.
		Set<String> services = ((Map<String, Object>) agent.get("startupMs")).keySet();
		for (String service : services) {
			row(md, "ready after start, " + service + " (ms)", path(agent, "startupMs", service),
					path(bare, "startupMs", service));
		}
		for (String service : services) {
			row(md, "RSS idle, " + service + " (MiB)", path(agent, "idleRssMiB", service),
					path(bare, "idleRssMiB", service));
		}
		for (String service : services) {
			row(md, "RSS after the load, " + service + " (MiB)", path(agent, "loadedRssMiB", service),
					path(bare, "loadedRssMiB", service));
		}
		row(md, "scrape of service-a (bytes)", path(agent, "scrape", "service-a", "bytes"),
				path(bare, "scrape", "service-a", "bytes"));
		row(md, "series in service-a's scrape", path(agent, "scrape", "service-a", "series"),
				path(bare, "scrape", "service-a", "series"));
		row(md, "series in order-service's scrape", path(agent, "scrape", "order-service", "series"),
				path(bare, "scrape", "order-service", "series"));
		for (String route : ((Map<String, Object>) agent.get("routes")).keySet()) {
			Object rate = path(agent, "routes", route, "rate");
			String at = route + " at " + format(rate) + "/s";
			row(md, at + ": achieved req/s", path(agent, "routes", route, "perSecond"),
					path(bare, "routes", route, "perSecond"));
			row(md, at + ": p50 (ms)", path(agent, "routes", route, "p50Ms"), path(bare, "routes", route, "p50Ms"));
			row(md, at + ": p99 (ms)", path(agent, "routes", route, "p99Ms"), path(bare, "routes", route, "p99Ms"));
			row(md, at + ": errors", path(agent, "routes", route, "errors"), path(bare, "routes", route, "errors"));
			row(md, at + ": CPU per request, all services (ms)", path(agent, "routes", route, "cpuMsPerRequest"),
					path(bare, "routes", route, "cpuMsPerRequest"));
			if (path(agent, "routes", route, "wrkMax") != null) {
				row(md, route + ": wrk maximum req/s (closed loop, 32 connections)",
						path(agent, "routes", route, "wrkMax"), path(bare, "routes", route, "wrkMax"));
			}
		}
		return md.toString();
	}

	static String json(Map<String, Map<String, Object>> results, Map<String, Object> machine) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("machine", machine);
		document.put("results", results);
		return toJson(document) + "\n";
	}

	private static void row(StringBuilder md, String figure, Object agent, Object bare) {
		String ratio = "";
		if (agent instanceof Number a && bare instanceof Number b && b.doubleValue() != 0) {
			ratio = String.format(Locale.ROOT, "%.2f", a.doubleValue() / b.doubleValue());
		}
		md.append("| ")
			.append(figure)
			.append(" | ")
			.append(format(agent))
			.append(" | ")
			.append(format(bare))
			.append(" | ")
			.append(ratio)
			.append(" |\n");
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
