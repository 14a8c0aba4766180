package dev.o11ydemo.suite;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.o11ydemo.loadtest.gameday.HttpPlatform;
import dev.o11ydemo.loadtest.gameday.Scenario;

/**
 * The game day's platform on the shared {@link MonitoredSuite}: faults through the
 * services' own controls, as on any target, and what a cluster's platform would do played
 * by the test: a crashed service restarted in place (same address, new JVM), a stopped
 * one left down with its target kept, a removed one left without its scrape target. The
 * node is scraped only while a step expects the node's alert: on a 2-core machine
 * starting five JVMs keeps it busy for longer than the sped-up rule waits.
 */
final class SuitePlatform extends HttpPlatform {

	private final MonitoredSuite suite;

	private final AtomicInteger restarts = new AtomicInteger();

	SuitePlatform(MonitoredSuite suite) {
		super((service) -> suite.services.get(service).url(""), null, null);
		this.suite = suite;
	}

	@Override
	public Set<String> supports() {
		return Set.of("fault", "ramp", "crash", "stop", "remove");
	}

	@Override
	public void crash(String service, Duration timeout) throws Exception {
		ServiceProcess process = this.suite.services.get(service);
		try {
			process.get("/crash");
		}
		catch (IOException ex) {
			// the process dies mid-request
		}
		if (process.awaitExit(Duration.ofSeconds(30)) != 1) {
			throw new IllegalStateException(service + " did not exit with status 1 after /crash");
		}
		this.suite.services.put(service, process.restart("restart-" + this.restarts.incrementAndGet()));
	}

	@Override
	public void stop(String service) throws Exception {
		this.suite.services.get(service).close();
	}

	@Override
	public void start(String service) throws Exception {
		this.suite.services.put(service,
				this.suite.services.get(service).restart("restart-" + this.restarts.incrementAndGet()));
	}

	@Override
	public void remove(String service) throws Exception {
		this.suite.stopScraping(service);
	}

	@Override
	public void restore(String service) throws Exception {
		this.suite.startScraping(service);
	}

	@Override
	public void stepStarting(Scenario.Step step) throws Exception {
		if (expectsTheNode(step)) {
			this.suite.startScraping(MonitoredSuite.NODE);
		}
	}

	@Override
	public void stepEnded(Scenario.Step step) throws Exception {
		if (expectsTheNode(step)) {
			this.suite.stopScraping(MonitoredSuite.NODE);
		}
	}

	private static boolean expectsTheNode(Scenario.Step step) {
		return step.expect().stream().anyMatch((expectation) -> expectation.alert().equals("NodeHighCpuUsage"));
	}

}
