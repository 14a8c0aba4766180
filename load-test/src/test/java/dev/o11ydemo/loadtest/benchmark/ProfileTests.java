package dev.o11ydemo.loadtest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary of a CPU profile: the request threads' samples by library and method. */
class ProfileTests {

	@Test
	void classesAreAttributedToTheirLibrary() {
		assertThat(Profile.origin("io.opentelemetry.javaagent.shaded.instrumentation.api.Instrumenter"))
			.isEqualTo("OpenTelemetry (the agent and the API)");
		assertThat(Profile.origin("io.opentelemetry.api.trace.Span"))
			.isEqualTo("OpenTelemetry (the agent and the API)");
		assertThat(Profile.origin("org.springframework.boot.logging.structured.JsonWriter"))
			.isEqualTo(Profile.origin("ch.qos.logback.core.OutputStreamAppender"));
		assertThat(Profile.origin("org.springframework.web.servlet.DispatcherServlet")).isEqualTo("Spring");
		assertThat(Profile.origin("org.apache.coyote.http11.Http11Processor")).isEqualTo("Tomcat");
		assertThat(Profile.origin("java.util.HashMap")).isEqualTo("the JDK");
		assertThat(Profile.origin("com.example.Thing")).isEqualTo("other");
	}

	@Test
	void aRequestThreadsSamplesCountToTheMethodThatCalledTheJdk(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("profile.jfr");
		try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
			recording.start();
			Thread request = new Thread(ProfileTests::countWords, "http-nio-0-exec-1");
			// Not a request thread: its samples are left out.
			Thread other = new Thread(ProfileTests::countLetters, "scheduling-1");
			request.start();
			other.start();
			request.join();
			other.join();
			recording.stop();
			recording.dump(file);
		}
		Map<String, Object> summary = Profile.summarise(file, 3);
		assertThat((Long) summary.get("samples")).isGreaterThan(20);
		@SuppressWarnings("unchecked")
		Map<String, Object> byLibrary = (Map<String, Object>) summary.get("byLibrary");
		assertThat(byLibrary.keySet()).first().isEqualTo("the suite's code");
		assertThat((Double) byLibrary.get("the suite's code")).isGreaterThan(0.9);
		@SuppressWarnings("unchecked")
		Map<String, Object> methods = (Map<String, Object>) summary.get("topMethods");
		assertThat(methods.keySet()).first().isEqualTo(ProfileTests.class.getName() + ".countWords");
		assertThat(methods).hasSizeLessThanOrEqualTo(3)
			.doesNotContainKey(ProfileTests.class.getName() + ".countLetters");
	}

	/**
	 * Half a second of CPU in HashMap, whose frames are the JDK's and count to this
	 * method.
	 */
	private static void countWords() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<Integer, Integer> counts = new HashMap<>();
		int word = 0;
		// The CPU time is read in native code, where no execution sample is taken:
		// seldom.
		while (word % 100_000 != 0 || threads.getCurrentThreadCpuTime() < Duration.ofMillis(500).toNanos()) {
			counts.merge(++word % 4096, 1, Integer::sum);
		}
	}

	/** Other work, on a thread that serves no request. */
	private static void countLetters() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<Character, Integer> counts = new HashMap<>();
		int letter = 0;
		while (letter % 100_000 != 0 || threads.getCurrentThreadCpuTime() < Duration.ofMillis(500).toNanos()) {
			counts.merge((char) ('a' + ++letter % 26), 1, Integer::sum);
		}
	}

}
