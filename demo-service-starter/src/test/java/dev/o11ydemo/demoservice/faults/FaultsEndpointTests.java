package dev.o11ydemo.demoservice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.DoublePredicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;

/**
 * Faults are changed at runtime over HTTP, hit the service's own routes (or burn CPU,
 * hold heap, or fail readiness), spare probes and metrics, show in their gauge, and end
 * at a reset or after their duration.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FaultsEndpointTests {

	/**
	 * Below every share the heap tests hold, above what the test application keeps in use
	 * itself: the share once the fault has let go.
	 */
	private static final double LET_GO = 0.45;

	@LocalServerPort
	int port;

	@AfterEach
	void reset() throws Exception {
		Http.send("DELETE", url("/actuator/faults"));
	}

	@Test
	void showsTheCurrentSettings() throws Exception {
		HttpResponse<String> response = Http.get(url("/actuator/faults"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"latency\":\"0ms\"").contains("\"failureRatio\":0.0");
	}

	@Test
	void failureRatioOneFailsEveryRequestWithAProblem() throws Exception {
		assertThat(change("{\"failureRatio\":1.0}").statusCode()).isEqualTo(200);
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = Http.get(url("/things/" + i));
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(Http.contentType(response)).startsWith("application/problem+json");
			assertThat(response.body()).contains("urn:o11ydemo:problem:injected-fault");
		}
	}

	@Test
	void probesMetricsAndTheControlsThemselvesAreSpared() throws Exception {
		change("{\"failureRatio\":1.0,\"latency\":\"1s\"}");
		long start = System.nanoTime();
		assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/metrics")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/healthy")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/actuator/faults")).statusCode()).isEqualTo(200);
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
	}

	@Test
	void latencyDelaysRequests() throws Exception {
		change("{\"latency\":\"400ms\"}");
		long start = System.nanoTime();
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);
		assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
	}

	@Test
	void resetRestoresTheDefaults() throws Exception {
		change("{\"failureRatio\":1.0}");
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(500);
		HttpResponse<String> reset = Http.send("DELETE", url("/actuator/faults"));
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);
	}

	@Test
	void outOfRangeSettingsAreRejectedWith400() throws Exception {
		assertThat(change("{\"failureRatio\":1.5}").statusCode()).isEqualTo(400);
		assertThat(change("{\"latency\":\"soon\"}").statusCode()).isEqualTo(400);
		assertThat(change("{\"latency\":\"2h\"}").statusCode()).isEqualTo(400);
		assertThat(change("{}").statusCode()).isEqualTo(400);
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);
	}

	@Test
	void cpuBurnsItsShareOfTheCpusOnBackgroundThreadsUntilTheReset() throws Exception {
		int processors = Runtime.getRuntime().availableProcessors();
		assertThat(change("{\"cpu\":0.5}").statusCode()).isEqualTo(200);
		assertThat(burners()).hasSize((int) Math.ceil(0.5 * processors));
		assertThat(active("cpu")).isEqualTo(1.0);
		long cpuBefore = burnt();
		long wallBefore = System.nanoTime();
		Thread.sleep(1000);
		double cpusUsed = (burnt() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
		// Half the CPUs are burnt; a fifth of that is the floor on a machine busy with
		// other work, and far above what idle threads use.
		assertThat(cpusUsed).isGreaterThan(0.1 * processors);
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);

		Http.send("DELETE", url("/actuator/faults"));
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!burners().isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(burners()).isEmpty();
		assertThat(active("cpu")).isEqualTo(0.0);
	}

	@Test
	void heapFillsTheLongLivedPoolToItsShareAsTheMetricShowsAndALaterChangeOrTheResetLetsGo() throws Exception {
		// The service runs in this JVM: the share it keeps in use itself, after a
		// collection.
		assertThat(heapInUseOfItsOwn()).isLessThan(LET_GO);
		assertThat(change("{\"heap\":0.8}").statusCode()).isEqualTo(200);
		assertThat(active("heap")).isEqualTo(1.0);
		assertThat(awaitHeap((share) -> share >= 0.78)).isBetween(0.78, 0.86);
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);

		assertThat(change("{\"heap\":0.6}").statusCode()).isEqualTo(200);
		assertThat(awaitHeap((share) -> share <= 0.66)).isBetween(0.58, 0.66);

		Http.send("DELETE", url("/actuator/faults"));
		assertThat(active("heap")).isEqualTo(0.0);
		assertThat(awaitHeap((share) -> share < LET_GO)).isLessThan(LET_GO);
	}

	@Test
	void aHeapFaultGivenADurationLetsGoOnItsOwn() throws Exception {
		assertThat(heapInUseOfItsOwn()).isLessThan(LET_GO);
		assertThat(change("{\"heap\":0.7,\"duration\":\"1s\"}").statusCode()).isEqualTo(200);
		assertThat(awaitHeap((share) -> share > 0.68)).isGreaterThan(0.68);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (active("heap") == 1.0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(active("heap")).isEqualTo(0.0);
		assertThat(awaitHeap((share) -> share < LET_GO)).isLessThan(LET_GO);
	}

	@Test
	void readinessFailsWhileLivenessAndTheRoutesStayUp(CapturedOutput output) throws Exception {
		assertThat(change("{\"ready\":false}").statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).isEqualTo(503);
		assertThat(Http.get(url("/actuator/health/liveness")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/things/1")).statusCode()).isEqualTo(200);
		assertThat(active("readiness")).isEqualTo(1.0);
		assertThat(output).contains("Fault started: readiness");
		Http.send("DELETE", url("/actuator/faults"));
		assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).isEqualTo(200);
		assertThat(active("readiness")).isEqualTo(0.0);
		assertThat(output).contains("Fault ended: readiness");
	}

	@Test
	void aFaultGivenADurationEndsOnItsOwn() throws Exception {
		HttpResponse<String> changed = change("{\"ready\":false,\"duration\":\"1s\"}");
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.body()).contains("\"expires\":{\"ready\":").contains("\"readiness\":");
		assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).isEqualTo(503);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (Http.get(url("/actuator/health/readiness")).statusCode() != 200 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/actuator/faults")).body()).contains("\"expires\":{}").contains("\"ready\":true");
	}

	@Test
	void everySettingIsChangedByItsKeyShownAndCountedActive() throws Exception {
		for (FaultSetting setting : FaultSetting.values()) {
			Object shown = setting.show(FaultSettingTests.example(setting));
			String json = (shown instanceof String text) ? "\"" + text + "\"" : String.valueOf(shown);
			HttpResponse<String> response = change("{\"" + setting.key() + "\":" + json + "}");
			assertThat(response.statusCode()).as(setting.key()).isEqualTo(200);
			assertThat(response.body()).as(setting.key()).contains("\"" + setting.key() + "\":" + json);
			assertThat(active(setting.kind().label())).as(setting.key()).isEqualTo(1.0);
			assertThat(Http.send("DELETE", url("/actuator/faults")).statusCode()).isEqualTo(200);
			assertThat(active(setting.kind().label())).as(setting.key()).isZero();
		}
	}

	@Test
	void everyKindHasItsGaugeWhetherActiveOrNot() throws Exception {
		Scrape scrape = Scrape.parse(Http.get(url("/metrics")).body());
		assertThat(scrape.samples("fault_active")).extracting((sample) -> sample.label("kind"))
			.containsExactlyInAnyOrder("latency", "failure", "cpu", "heap", "readiness", "dependency_latency",
					"dependency_failure");
		assertThat(scrape.samples("fault_active")).allSatisfy((sample) -> assertThat(sample.value()).isZero());
	}

	@Test
	void aDependencyFaultNeedsADependencyTheServiceCalls() throws Exception {
		HttpResponse<String> unknown = change("{\"dependency\":\"billing\",\"dependencyLatency\":\"1s\"}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("it calls none");
		assertThat(change("{\"dependencyFailureRatio\":0.5}").statusCode()).isEqualTo(400);
		assertThat(change("{\"cpu\":2}").statusCode()).isEqualTo(400);
		assertThat(change("{\"heap\":0.99}").statusCode()).isEqualTo(400);
		assertThat(change("{\"ready\":\"yes\"}").statusCode()).isEqualTo(400);
		assertThat(change("{\"ready\":0}").statusCode()).isEqualTo(400);
		assertThat(change("{\"ready\":false,\"duration\":\"0s\"}").statusCode()).isEqualTo(400);
		assertThat(Http.get(url("/actuator/faults")).body()).contains("\"active\":{}");
	}

	/** CPU time of the burner threads so far, in nanoseconds. */
	private static long burnt() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		return burners().stream().mapToLong((thread) -> threads.getThreadCpuTime(thread.getId())).sum();
	}

	private static List<Thread> burners() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("fault-cpu-"))
			.toList();
	}

	/**
	 * The share the service keeps in use itself, after a collection (it runs in this
	 * JVM).
	 */
	private double heapInUseOfItsOwn() throws Exception {
		System.gc();
		return awaitHeap((share) -> share > 0);
	}

	/**
	 * The heap gauge once it meets {@code condition}, or after 5 s: Micrometer updates it
	 * from the collector's notification, a moment after the collection.
	 */
	private double awaitHeap(DoublePredicate condition) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		double share = heapAfterCollection();
		while (!condition.test(share) && System.nanoTime() < deadline) {
			Thread.sleep(50);
			share = heapAfterCollection();
		}
		return share;
	}

	private double heapAfterCollection() throws Exception {
		return Scrape.parse(Http.get(url("/metrics")).body())
			.samples("jvm_memory_usage_after_gc")
			.stream()
			.filter((sample) -> "long-lived".equals(sample.label("pool")))
			.findFirst()
			.orElseThrow()
			.value();
	}

	private double active(String kind) throws Exception {
		return Scrape.parse(Http.get(url("/metrics")).body())
			.samples("fault_active")
			.stream()
			.filter((sample) -> kind.equals(sample.label("kind")))
			.findFirst()
			.orElseThrow()
			.value();
	}

	private HttpResponse<String> change(String body) throws Exception {
		return Http.postJson(url("/actuator/faults"), body);
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
