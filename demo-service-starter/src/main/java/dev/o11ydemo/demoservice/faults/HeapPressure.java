package dev.o11ydemo.demoservice.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The heap fault, a memory leak on demand: holds on to allocations until the heap pool
 * that keeps long-lived objects (the old generation) is filled to a share of its maximum
 * after a collection, counting what the service itself keeps there. That is the figure
 * {@code jvm_memory_usage_after_gc} reports and the heap alert watches. The maximum is
 * the JVM's own, which a container's memory limit sets, and the share is capped below
 * one, so the fault squeezes the service without making it run out of memory; a reset
 * lets go of everything.
 */
final class HeapPressure implements FaultApplier, AutoCloseable {

	/**
	 * Small enough to be an ordinary object for every collector (no humongous region).
	 */
	private static final int CHUNK_BYTES = 256 * 1024;

	private final MemoryPoolMXBean longLived = longLivedPool();

	private final Deque<byte[]> held = new ArrayDeque<>();

	private double share;

	/**
	 * The heap pool of the long-lived objects, found as Micrometer's JVM memory metrics
	 * find it.
	 */
	static MemoryPoolMXBean longLivedPool() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			String name = pool.getName();
			if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null
					&& (name.endsWith("Old Gen") || name.endsWith("Tenured Gen") || name.contains("Old Generation"))) {
				return pool;
			}
		}
		throw new IllegalStateException("the JVM has no old-generation heap pool");
	}

	@Override
	public void apply(FaultInjector.Settings settings) {
		hold(settings.heap());
	}

	/** Fills the long-lived pool to {@code share} (0 to 1) of its maximum from now on. */
	synchronized void hold(double share) {
		if (share == this.share) {
			return;
		}
		this.share = share;
		if (share <= 0) {
			this.held.clear();
		}
		else {
			System.gc();
			long max = this.longLived.getUsage().getMax();
			long missing = (long) (share * max) - used();
			for (long bytes = 0; bytes < missing; bytes += CHUNK_BYTES) {
				this.held.push(new byte[CHUNK_BYTES]);
			}
			for (long bytes = 0; bytes < -missing && !this.held.isEmpty(); bytes += CHUNK_BYTES) {
				this.held.pop();
			}
		}
		// The usage after a collection moves at once, not at the next old-generation
		// collection, which a quiet service may not need for hours.
		System.gc();
	}

	private long used() {
		return this.longLived.getCollectionUsage().getUsed();
	}

	@Override
	public synchronized void close() {
		this.held.clear();
		this.share = 0;
	}

}
