package dev.o11ydemo.demoservice.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU fault: burns a share of the CPUs available to the JVM (which counts a
 * container's CPU quota) on background threads, each busy for its part of every 100 ms
 * and parked for the rest. At most one thread per available CPU, so it cannot take more
 * than the service's own CPUs, and the request threads still get their turn.
 */
final class CpuBurner implements FaultApplier, AutoCloseable {

	private static final long SLICE_NANOS = 100_000_000;

	private final int processors;

	private double share;

	private AtomicBoolean running = new AtomicBoolean();

	private final List<Thread> threads = new ArrayList<>();

	CpuBurner(int processors) {
		this.processors = processors;
	}

	@Override
	public void apply(FaultInjector.Settings settings) {
		burn(settings.cpu());
	}

	/** Burns {@code share} (0 to 1) of the available CPUs from now on. */
	synchronized void burn(double share) {
		if (share == this.share) {
			return;
		}
		stop();
		this.share = share;
		if (share <= 0) {
			return;
		}
		int count = (int) Math.ceil(share * this.processors);
		long busyNanos = (long) (SLICE_NANOS * share * this.processors / count);
		AtomicBoolean running = new AtomicBoolean(true);
		this.running = running;
		for (int i = 0; i < count; i++) {
			Thread thread = new Thread(() -> spin(busyNanos, running), "fault-cpu-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private static void spin(long busyNanos, AtomicBoolean running) {
		long sink = 0;
		while (running.get()) {
			long start = System.nanoTime();
			while (System.nanoTime() - start < busyNanos) {
				sink = sink * 31 + start;
			}
			long rest = SLICE_NANOS - (System.nanoTime() - start);
			if (rest > 0) {
				LockSupport.parkNanos(rest);
			}
		}
		// Keeps the loop from being compiled away.
		if (sink == 42) {
			Thread.yield();
		}
	}

	private void stop() {
		this.running.set(false);
		this.threads.forEach(LockSupport::unpark);
		this.threads.clear();
		this.share = 0;
	}

	@Override
	public synchronized void close() {
		stop();
	}

}
