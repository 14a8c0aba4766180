package dev.o11ydemo.demoservice.faults;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reverts of changes made for a while ({@code duration} on
 * {@code /actuator/faults}) on one daemon thread, so a pending revert never keeps the JVM
 * up or a request thread busy.
 */
final class FaultExpiry implements AutoCloseable {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "fault-expiry");
		thread.setDaemon(true);
		return thread;
	});

	/** Runs {@code revert} once {@code after} has passed. */
	void schedule(Duration after, Runnable revert) {
		this.scheduler.schedule(revert, after.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
