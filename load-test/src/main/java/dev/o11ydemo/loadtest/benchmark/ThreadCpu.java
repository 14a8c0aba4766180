package dev.o11ydemo.loadtest.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A service's CPU time split by what its threads do, read from Linux's
 * {@code /proc/<pid>/task/<tid>/stat}: the request threads, the JIT compilers, the VM
 * thread (where SerialGC collects, and every other safepoint operation runs) and the
 * rest. A route's CPU per request at a fixed rate after a short warm-up includes JIT
 * compilation that a warm service no longer pays; the split shows how much.
 */
final class ThreadCpu {

	/**
	 * Linux reports a thread's times in clock ticks of USER_HZ, which is 100 on every
	 * architecture the JDK runs on.
	 */
	private static final long NANOS_PER_TICK = 10_000_000;

	/** What a thread does, by its name (Linux keeps its first 15 characters). */
	enum Kind {

		/** Tomcat's threads: the request executor, its poller and acceptor. */
		REQUESTS("request threads"),
		/** The C1 and C2 compiler threads. */
		JIT("JIT compiler"),
		/** The VM thread (SerialGC's collections and other safepoints) and GC workers. */
		GC("GC and safepoints"),
		/** Everything else: the agent's, Micrometer's, the JVM's service threads. */
		OTHER("other");

		final String label;

		Kind(String label) {
			this.label = label;
		}

		static Kind of(String threadName) {
			if (threadName.startsWith("http-nio-")) {
				return REQUESTS;
			}
			if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
				return JIT;
			}
			if (threadName.equals("VM Thread") || threadName.startsWith("GC Thread")) {
				return GC;
			}
			return OTHER;
		}

	}

	/** One reading: each live thread's name and CPU ticks, by thread id. */
	record Reading(Map<Long, Task> tasks) {

		/**
		 * The CPU each kind of thread used since {@code before}. A thread started in
		 * between counts from zero; one that ended in between is missing from both.
		 */
		Map<Kind, Duration> since(Reading before) {
			Map<Kind, Duration> used = new EnumMap<>(Kind.class);
			for (Kind kind : Kind.values()) {
				used.put(kind, Duration.ZERO);
			}
			this.tasks.forEach((tid, task) -> {
				Task earlier = before.tasks().get(tid);
				long ticks = task.ticks() - ((earlier != null) ? earlier.ticks() : 0);
				used.merge(Kind.of(task.name()), Duration.ofNanos(ticks * NANOS_PER_TICK), Duration::plus);
			});
			return used;
		}

	}

	/** A thread's name and the user and system CPU ticks it has used. */
	record Task(String name, long ticks) {

	}

	private ThreadCpu() {
	}

	/** Reads every thread of the process with this id. */
	static Reading read(long pid) {
		Map<Long, Task> tasks = new HashMap<>();
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path thread : threads) {
				try {
					tasks.put(Long.parseLong(thread.getFileName().toString()),
							new Task(Files.readString(thread.resolve("comm")).strip(),
									ticks(Files.readString(thread.resolve("stat")))));
				}
				catch (IOException ended) {
					// Ended while the directory was read: ENOENT or ESRCH.
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Reading(tasks);
	}

	/** utime plus stime, fields 14 and 15 of a stat line. */
	static long ticks(String stat) {
		long[] fields = fields(stat, 14, 15);
		return fields[0] + fields[1];
	}

	/**
	 * The numeric fields of a stat line by their number in proc(5), counted after the
	 * command in parentheses, which may itself hold spaces and parentheses.
	 */
	static long[] fields(String stat, int... numbers) {
		// Field 3 is the first after the command.
		String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long[] fields = new long[numbers.length];
		for (int i = 0; i < numbers.length; i++) {
			fields[i] = Long.parseLong(after[numbers[i] - 3]);
		}
		return fields;
	}

}
