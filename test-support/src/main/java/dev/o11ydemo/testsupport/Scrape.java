package dev.o11ydemo.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed Prometheus text or OpenMetrics scrape: the declared family types and every
 * sample with its labels and, in OpenMetrics, its exemplar. Label values are unescaped,
 * so route templates with braces parse correctly.
 */
public final class Scrape {

	private final Map<String, String> types;

	private final List<Sample> samples;

	private Scrape(Map<String, String> types, List<Sample> samples) {
		this.types = types;
		this.samples = samples;
	}

	public static Scrape parse(String text) {
		Map<String, String> types = new LinkedHashMap<>();
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.startsWith("# TYPE ")) {
				String[] parts = line.substring(7).trim().split(" ");
				types.put(parts[0], parts[1]);
			}
			else if (!line.isBlank() && !line.startsWith("#")) {
				samples.add(parseSample(line));
			}
		}
		return new Scrape(types, samples);
	}

	/**
	 * Scrapes {@code metricsUrl} until {@code condition} holds (at most 5 s) and returns
	 * the last scrape. Request metrics are recorded as the request's observation stops,
	 * which can be just after the client has its response.
	 */
	public static Scrape await(String metricsUrl, java.util.function.Predicate<Scrape> condition)
			throws java.io.IOException, InterruptedException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		Scrape scrape = parse(Http.get(metricsUrl).body());
		while (!condition.test(scrape) && System.nanoTime() < deadline) {
			Thread.sleep(20);
			scrape = parse(Http.get(metricsUrl).body());
		}
		return scrape;
	}

	/** Whether some sample of {@code name} has all the given label values. */
	public boolean has(String name, String... labelValuePairs) {
		return samples(name).stream().anyMatch((sample) -> {
			for (int i = 0; i < labelValuePairs.length; i += 2) {
				if (!labelValuePairs[i + 1].equals(sample.label(labelValuePairs[i]))) {
					return false;
				}
			}
			return true;
		});
	}

	/** The type declared for a family, or null. */
	public String type(String family) {
		return this.types.get(family);
	}

	public List<Sample> samples() {
		return this.samples;
	}

	/** Samples whose name is exactly {@code name}. */
	public List<Sample> samples(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	/**
	 * The sum of the samples named {@code name} whose {@code label} matches
	 * {@code valueRegex} (e.g. every 5xx: {@code "status_code", "5.."}).
	 */
	public double sum(String name, String label, String valueRegex) {
		return samples(name).stream()
			.filter((sample) -> sample.label(label) != null && sample.label(label).matches(valueRegex))
			.mapToDouble(Sample::value)
			.sum();
	}

	/** Samples whose name starts with {@code prefix}. */
	public List<Sample> samplesStartingWith(String prefix) {
		return this.samples.stream().filter((sample) -> sample.name().startsWith(prefix)).toList();
	}

	private static Sample parseSample(String line) {
		int index = 0;
		while (index < line.length() && line.charAt(index) != '{' && line.charAt(index) != ' ') {
			index++;
		}
		String name = line.substring(0, index);
		Map<String, String> labels = new LinkedHashMap<>();
		if (index < line.length() && line.charAt(index) == '{') {
			index = parseLabels(line, index, labels);
		}
		String rest = line.substring(index).trim();
		Map<String, String> exemplar = Map.of();
		int hash = rest.indexOf(" # ");
		if (hash >= 0) {
			Map<String, String> exemplarLabels = new LinkedHashMap<>();
			parseLabels(rest, rest.indexOf('{', hash), exemplarLabels);
			exemplar = exemplarLabels;
			rest = rest.substring(0, hash).trim();
		}
		String value = rest.split(" ")[0];
		return new Sample(name, labels, parseValue(value), exemplar);
	}

	private static int parseLabels(String line, int open, Map<String, String> into) {
		int index = open + 1;
		while (line.charAt(index) != '}') {
			int equals = line.indexOf('=', index);
			String label = line.substring(index, equals).trim();
			index = equals + 2;
			StringBuilder value = new StringBuilder();
			while (line.charAt(index) != '"') {
				char c = line.charAt(index);
				if (c == '\\') {
					char next = line.charAt(++index);
					value.append((next == 'n') ? '\n' : next);
				}
				else {
					value.append(c);
				}
				index++;
			}
			into.put(label, value.toString());
			index++;
			if (line.charAt(index) == ',') {
				index++;
			}
		}
		return index + 1;
	}

	private static double parseValue(String value) {
		return switch (value) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "NaN" -> Double.NaN;
			default -> Double.parseDouble(value);
		};
	}

	/**
	 * One sample line.
	 *
	 * @param name the sample name
	 * @param labels its labels
	 * @param value its value
	 * @param exemplar the exemplar's labels (OpenMetrics only), empty if none
	 */
	public record Sample(String name, Map<String, String> labels, double value, Map<String, String> exemplar) {

		public String label(String label) {
			return this.labels.get(label);
		}

		public Set<String> labelNames() {
			return this.labels.keySet().stream().collect(Collectors.toCollection(java.util.TreeSet::new));
		}

	}

}
