package dev.o11ydemo.loadtest.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The machine's CPU while one set-up ran, from Linux's {@code /proc/stat} and
 * {@code /proc/<pid>/stat}: what the benchmark's own processes used (itself, the
 * services, the load generator, wrk), what every other process used, by name, and the
 * time the hypervisor took from this machine's virtual CPUs (steal). A set-up that ran
 * slow throughout while another process or the hypervisor held a core measured the
 * machine, not the set-up; these figures tell the two apart.
 */
final class MachineCpu {

	/** Linux counts in ticks of USER_HZ, 100 on every architecture the JDK runs on. */
	private static final double TICKS_PER_SECOND = 100;

	/** The other processes the figures name, busiest first. */
	private static final int NAMED = 3;

	/**
	 * One reading.
	 *
	 * @param busyTicks the machine's busy time over all CPUs (user, nice, system, irq,
	 * softirq)
	 * @param stealTicks the time the hypervisor ran something else on this machine's CPUs
	 * @param treeTicks the CPU of the benchmark's process and its descendants, with the
	 * children they have reaped
	 * @param others every other process's command and CPU, by process id
	 */
	record Reading(long busyTicks, long stealTicks, long treeTicks, Map<Long, Other> others) {

		/**
		 * The figures since {@code before}, in seconds: the machine's busy time, the
		 * benchmark's, the other processes' and the stolen time, and the busiest other
		 * processes by name. A process started in between counts from zero; one that
		 * ended in between is missing from both readings.
		 */
		Map<String, Object> since(Reading before) {
			Map<String, Long> others = new HashMap<>();
			this.others.forEach((pid, process) -> {
				Other earlier = before.others().get(pid);
				long used = process.ticks() - ((earlier != null) ? earlier.ticks() : 0);
				if (used > 0) {
					others.merge(process.command() + " (" + pid + ")", used, Long::sum);
				}
			});
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("busyS", seconds(this.busyTicks - before.busyTicks()));
			figures.put("benchmarkS", seconds(this.treeTicks - before.treeTicks()));
			figures.put("othersS", seconds(others.values().stream().mapToLong(Long::longValue).sum()));
			figures.put("stealS", seconds(this.stealTicks - before.stealTicks()));
			Map<String, Object> busiest = new LinkedHashMap<>();
			others.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
				.limit(NAMED)
				.forEach((other) -> busiest.put(other.getKey(), seconds(other.getValue())));
			figures.put("busiestOthers", busiest);
			return figures;
		}

	}

	/** A process's command (as Linux keeps it, 15 characters) and its CPU ticks. */
	record Other(String command, long ticks) {

	}

	private MachineCpu() {
	}

	/** Reads the machine, counting {@code root} and its descendants as the benchmark. */
	static Reading read(ProcessHandle root) {
		Set<Long> tree = root.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
		tree.add(root.pid());
		long treeTicks = 0;
		Map<Long, Other> others = new HashMap<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path process : processes) {
				long pid = Long.parseLong(process.getFileName().toString());
				String stat;
				try {
					stat = Files.readString(process.resolve("stat"));
				}
				catch (IOException ended) {
					// Ended between the listing and the read: ENOENT or ESRCH.
					continue;
				}
				if (tree.contains(pid)) {
					treeTicks += ticksWithReapedChildren(stat);
				}
				else {
					others.put(pid, new Other(command(stat), ThreadCpu.ticks(stat)));
				}
			}
			String[] machine = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			// cpu user nice system idle iowait irq softirq steal ...
			for (int field : new int[] { 1, 2, 3, 6, 7 }) {
				busy += Long.parseLong(machine[field]);
			}
			return new Reading(busy, Long.parseLong(machine[8]), treeTicks, others);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * utime, stime, cutime and cstime, fields 14 to 17 of a stat line: a process's own
	 * CPU and that of the children it has waited for, so a load generator that ran and
	 * ended still counts.
	 */
	static long ticksWithReapedChildren(String stat) {
		return Arrays.stream(ThreadCpu.fields(stat, 14, 15, 16, 17)).sum();
	}

	/** The command of a stat line, between its first '(' and its last ')'. */
	static String command(String stat) {
		return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
	}

	private static double seconds(long ticks) {
		return ticks / TICKS_PER_SECOND;
	}

}
