package dev.o11ydemo.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The live progress line (every 5 s: requests, rate, errors, p99 of the last interval)
 * and the summary table per request name. Gatling's own statistics stay the reference
 * (its report and assertions); these are for watching. Latency is Gatling's response
 * time: from the scheduled send, so an open model's figures include queueing.
 */
final class Progress {

	private static final Map<String, Route> routes = new ConcurrentSkipListMap<>();

	private static final Recorder interval = new Recorder(3);

	private static final LongAdder requests = new LongAdder();

	private static final LongAdder errors = new LongAdder();

	private static volatile long started;

	private static ScheduledExecutorService printer;

	private Progress() {
	}

	static synchronized void start() {
		if (printer != null) {
			return;
		}
		started = System.nanoTime();
		printer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "progress");
			thread.setDaemon(true);
			return thread;
		});
		long[] last = { 0, System.nanoTime() };
		printer.scheduleAtFixedRate(() -> {
			long now = System.nanoTime();
			long total = requests.sum();
			Histogram recent = interval.getIntervalHistogram();
			double seconds = (now - last[1]) / 1e9;
			System.out.printf("[%5ds] %,9d requests %8.1f/s %,7d errors   p99 %,6d ms%n",
					(now - started) / 1_000_000_000L, total, (total - last[0]) / seconds, errors.sum(),
					recent.getValueAtPercentile(99));
			last[0] = total;
			last[1] = now;
		}, 5, 5, TimeUnit.SECONDS);
	}

	/**
	 * A response's time, from Gatling's response time check; returns it so the check can
	 * go on.
	 */
	static Integer latency(String name, Integer millis) {
		route(name).latency.recordValue(millis);
		interval.recordValue(millis);
		return millis;
	}

	/** A finished request, answered or not, and whether its checks passed. */
	static void outcome(String name, boolean failed) {
		Route route = route(name);
		route.count.increment();
		requests.increment();
		if (failed) {
			route.errors.increment();
			errors.increment();
		}
	}

	static synchronized void printSummary() {
		if (printer != null) {
			printer.shutdownNow();
		}
		double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
		System.out.println();
		System.out.printf("%-44s %10s %8s %8s %8s %8s %8s %8s%n", "request", "count", "errors", "req/s", "p50 ms",
				"p95 ms", "p99 ms", "max ms");
		routes.forEach((name, route) -> print(name, route.count.sum(), route.errors.sum(), seconds, route.latency));
		Histogram all = new Histogram(3);
		routes.values().forEach((route) -> all.add(route.latency));
		print("all", requests.sum(), errors.sum(), seconds, all);
		String file = System.getProperty("loadtest.summary", "");
		if (!file.isEmpty()) {
			writeJson(Path.of(file), seconds, all);
		}
	}

	/** The summary as JSON, for the benchmark: per request name and "all". */
	private static void writeJson(Path file, double seconds, Histogram all) {
		StringBuilder json = new StringBuilder("{\"seconds\":").append(seconds).append(",\"requests\":{");
		routes.forEach(
				(name, route) -> json.append(entry(name, route.count.sum(), route.errors.sum(), seconds, route.latency))
					.append(','));
		json.append(entry("all", requests.sum(), errors.sum(), seconds, all)).append("}}");
		try {
			Files.writeString(file, json);
		}
		catch (IOException ex) {
			System.out.println("could not write the summary to " + file + ": " + ex.getMessage());
		}
	}

	private static String entry(String name, long count, long failed, double seconds, Histogram latency) {
		return String.format(Locale.ROOT,
				"\"%s\":{\"count\":%d,\"errors\":%d,\"perSecond\":%.1f,\"p50Ms\":%d,\"p95Ms\":%d,\"p99Ms\":%d,\"maxMs\":%d}",
				name.replace("\\", "\\\\").replace("\"", "\\\""), count, failed, count / seconds,
				latency.getValueAtPercentile(50), latency.getValueAtPercentile(95), latency.getValueAtPercentile(99),
				latency.getMaxValue());
	}

	private static void print(String name, long count, long failed, double seconds, Histogram latency) {
		System.out.printf("%-44s %,10d %,8d %8.1f %,8d %,8d %,8d %,8d%n", name, count, failed, count / seconds,
				latency.getValueAtPercentile(50), latency.getValueAtPercentile(95), latency.getValueAtPercentile(99),
				latency.getMaxValue());
	}

	private static Route route(String name) {
		return routes.computeIfAbsent(name, (key) -> new Route());
	}

	private static final class Route {

		final LongAdder count = new LongAdder();

		final LongAdder errors = new LongAdder();

		final Histogram latency = new ConcurrentHistogram(3);

	}

}
