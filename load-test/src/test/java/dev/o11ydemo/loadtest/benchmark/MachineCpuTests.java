package dev.o11ydemo.loadtest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The machine's CPU during a set-up, told apart by whose processes used it. */
class MachineCpuTests {

	/** bash busy for at least two seconds of the clock. */
	private static final String SPIN = "end=$((SECONDS+3)); while ((SECONDS < end)); do :; done";

	@Test
	void aStatLinesCommandAndTimesWithReapedChildrenAreReadAfterParentheses() {
		String stat = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 37 5 7 1 20 0 30 0 100 0 0";
		assertThat(MachineCpu.command(stat)).isEqualTo("a (b) c");
		assertThat(MachineCpu.ticksWithReapedChildren(stat)).isEqualTo(50);
	}

	@Test
	void aLoadGeneratorThatRanAndEndedCountsToTheBenchmark() throws Exception {
		MachineCpu.Reading before = MachineCpu.read(ProcessHandle.current());
		Process spin = new ProcessBuilder("bash", "-c", SPIN).start();
		assertThat(spin.waitFor(30, TimeUnit.SECONDS)).isTrue();
		Map<String, Object> figures = MachineCpu.read(ProcessHandle.current()).since(before);
		assertThat((Double) figures.get("benchmarkS")).isGreaterThanOrEqualTo(0.5);
		assertThat((Double) figures.get("busyS")).isGreaterThanOrEqualTo(0.5);
	}

	@Test
	void aProcessOutsideTheBenchmarksTreeCountsToTheOthersByItsName() throws Exception {
		// The subshell outlives its parent and leaves the test's process tree, as a
		// process the benchmark did not start.
		Process parent = new ProcessBuilder("bash", "-c", "(" + SPIN + ") >/dev/null 2>&1 & echo $!").start();
		long orphan = Long
			.parseLong(new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
		assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
		MachineCpu.Reading before = MachineCpu.read(ProcessHandle.current());
		Thread.sleep(1_000);
		MachineCpu.Reading after = MachineCpu.read(ProcessHandle.current());
		assertThat(after.others()).containsKey(orphan);
		long used = after.others().get(orphan).ticks() - before.others().get(orphan).ticks();
		assertThat(used).isGreaterThanOrEqualTo(30);
		assertThat(after.others().get(orphan).command()).isEqualTo("bash");
		assertThat((Double) after.since(before).get("othersS")).isGreaterThanOrEqualTo(used / 100.0);
	}

}
