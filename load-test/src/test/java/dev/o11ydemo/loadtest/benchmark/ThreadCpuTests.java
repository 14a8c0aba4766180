package dev.o11ydemo.loadtest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/** The split of a service's CPU time by what its threads do. */
class ThreadCpuTests {

	@Test
	void threadsAreToldApartByTheirNamesAsLinuxKeepsThem() {
		// Linux keeps 15 characters: Tomcat's executor and poller look alike, and both
		// serve requests.
		assertThat(ThreadCpu.Kind.of("http-nio-34567-")).isEqualTo(ThreadCpu.Kind.REQUESTS);
		assertThat(ThreadCpu.Kind.of("C2 CompilerThre")).isEqualTo(ThreadCpu.Kind.JIT);
		assertThat(ThreadCpu.Kind.of("C1 CompilerThre")).isEqualTo(ThreadCpu.Kind.JIT);
		assertThat(ThreadCpu.Kind.of("VM Thread")).isEqualTo(ThreadCpu.Kind.GC);
		assertThat(ThreadCpu.Kind.of("GC Thread#1")).isEqualTo(ThreadCpu.Kind.GC);
		assertThat(ThreadCpu.Kind.of("BatchSpanProces")).isEqualTo(ThreadCpu.Kind.OTHER);
	}

	@Test
	void aStatLinesTimesAreCountedAfterTheCommandEvenWithParenthesesInIt() {
		String stat = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 37 5 0 0 20 0 30 0 100 0 0";
		assertThat(ThreadCpu.ticks(stat)).isEqualTo(42);
	}

	@Test
	void aBusyRequestThreadsCpuCountsToTheRequestThreads() throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		ThreadCpu.Reading before = ThreadCpu.read(ProcessHandle.current().pid());
		CountDownLatch spun = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread busy = new Thread(() -> {
			while (threads.getCurrentThreadCpuTime() < Duration.ofMillis(400).toNanos()) {
				Thread.onSpinWait();
			}
			spun.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "http-nio-0-exec-1");
		busy.start();
		spun.await();
		// Read while the thread is alive: an ended thread leaves /proc.
		ThreadCpu.Reading after = ThreadCpu.read(ProcessHandle.current().pid());
		release.countDown();
		busy.join();
		assertThat(after.since(before).get(ThreadCpu.Kind.REQUESTS)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

}
