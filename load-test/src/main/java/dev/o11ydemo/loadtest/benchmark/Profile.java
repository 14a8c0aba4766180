package dev.o11ydemo.loadtest.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A CPU profile of a running service's request threads: a JDK Flight Recorder recording
 * (its {@code profile} settings: a sample of each running Java thread every 10 ms),
 * started and stopped with {@code jcmd}, summarised by the library each sample was
 * executing and by the method. A sample in the JDK's own classes counts to the library
 * that called them: a HashMap lookup inside the agent is the agent's cost.
 */
final class Profile {

	private static final String NAME = "benchmark";

	/**
	 * The libraries a sample is attributed to, by package prefix; the first match wins.
	 */
	private static final Map<String, String> ORIGINS = origins();

	private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	private Profile() {
	}

	private static Map<String, String> origins() {
		Map<String, String> origins = new LinkedHashMap<>();
		origins.put("io.opentelemetry.", "OpenTelemetry (the agent and the API)");
		origins.put("ch.qos.logback.", "logging (Logback, Spring Boot's JSON lines)");
		origins.put("org.springframework.boot.logging.", "logging (Logback, Spring Boot's JSON lines)");
		origins.put("io.micrometer.", "Micrometer");
		origins.put("org.apache.catalina.", "Tomcat");
		origins.put("org.apache.coyote.", "Tomcat");
		origins.put("org.apache.tomcat.", "Tomcat");
		origins.put("org.apache.hc.", "Apache HttpClient and Feign");
		origins.put("feign.", "Apache HttpClient and Feign");
		origins.put("org.springframework.", "Spring");
		origins.put("com.fasterxml.jackson.", "Jackson");
		origins.put("tools.jackson.", "Jackson");
		origins.put("dev.o11ydemo.", "the suite's code");
		return origins;
	}

	/** Starts a recording in the JVM with this process id. */
	static void start(long pid, Path recording) throws NotStarted, InterruptedException {
		try {
			jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile", "filename=" + recording);
		}
		catch (IOException ex) {
			throw new NotStarted(ex.getMessage());
		}
	}

	/** No recording could be started: the JDK has no jcmd, or the JVM refused. */
	static final class NotStarted extends Exception {

		NotStarted(String message) {
			super(message);
		}

	}

	/** Stops the recording and writes its file. */
	static void stop(long pid) throws IOException, InterruptedException {
		jcmd(pid, "JFR.stop", "name=" + NAME);
	}

	/**
	 * The request threads' samples of a recording: their number, the share of each
	 * library (the innermost frame outside the JDK), and the {@code top} methods by share
	 * (the innermost frame outside the JDK, or the JDK's own where no other is on the
	 * stack).
	 */
	static Map<String, Object> summarise(Path recording, int top) throws IOException {
		Map<String, Long> byOrigin = new LinkedHashMap<>();
		Map<String, Long> byMethod = new LinkedHashMap<>();
		long samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
			RecordedThread thread = event.getEventType().getName().equals("jdk.ExecutionSample")
					? event.getThread("sampledThread") : null;
			RecordedStackTrace stack = event.getStackTrace();
			if (thread == null || stack == null || stack.getFrames().isEmpty()
					|| ThreadCpu.Kind.of(String.valueOf(thread.getJavaName())) != ThreadCpu.Kind.REQUESTS) {
				continue;
			}
			RecordedFrame frame = innermostOutsideTheJdk(stack.getFrames());
			String type = frame.getMethod().getType().getName();
			byOrigin.merge(origin(type), 1L, Long::sum);
			byMethod.merge(type + "." + frame.getMethod().getName(), 1L, Long::sum);
			samples++;
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("samples", samples);
		summary.put("byLibrary", shares(byOrigin, samples, byOrigin.size()));
		summary.put("topMethods", shares(byMethod, samples, top));
		return summary;
	}

	/** The library a class belongs to, or "the JDK" and "other". */
	static String origin(String className) {
		for (Map.Entry<String, String> origin : ORIGINS.entrySet()) {
			if (className.startsWith(origin.getKey())) {
				return origin.getValue();
			}
		}
		return isJdk(className) ? "the JDK" : "other";
	}

	private static RecordedFrame innermostOutsideTheJdk(List<RecordedFrame> frames) {
		return frames.stream()
			.filter((frame) -> !isJdk(frame.getMethod().getType().getName()))
			.findFirst()
			.orElse(frames.get(0));
	}

	private static boolean isJdk(String className) {
		return JDK.stream().anyMatch(className::startsWith);
	}

	private static Map<String, Object> shares(Map<String, Long> counts, long samples, int limit) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(limit)
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> (Object) ((double) entry.getValue() / samples),
					(a, b) -> a, LinkedHashMap::new));
	}

	private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException(String.join(" ", line) + " failed: " + output);
		}
	}

}
