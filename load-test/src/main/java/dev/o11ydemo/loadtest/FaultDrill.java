package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * An alert drill through service-a's runtime fault endpoint (reachable through the ALB):
 * sets the fault, drives service-a's healthy routes at the set rate for the set time
 * (long enough for the alert's {@code for:}), then restores the defaults: at the end, and
 * from a shutdown hook when the run is interrupted (Ctrl-C). A drill of several steps
 * sets them one after the other, evenly over the first three quarters of the run, and
 * holds the last.
 */
public abstract class FaultDrill extends LoadSimulation {

	private final FaultControl control = new FaultControl("service-a", this.settings.serviceA(),
			this.settings.faultAuthorization());

	private final Thread restoreOnExit = new Thread(this.control::restore, "restore-faults");

	private final List<String> steps;

	private final Thread stepper = new Thread(this::step, "fault-steps");

	protected FaultDrill(String alert, String... steps) {
		this.steps = List.of(steps);
		System.out.println("drill: " + alert + " on service-a for " + this.settings.duration().toSeconds() + " s");
		setUp(scenario("drill traffic").exec(this.traffic.classic(false, Requests.ANY))
			.injectOpen(arrivals(this.settings.rate(), this.settings.duration()))).protocols(this.protocol);
	}

	@Override
	public void before() {
		Drills.exitIfUnavailable(this.control);
		Runtime.getRuntime().addShutdownHook(this.restoreOnExit);
		try {
			this.control.set(this.steps.get(0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (this.steps.size() > 1) {
			this.stepper.setDaemon(true);
			this.stepper.start();
		}
		super.before();
	}

	private void step() {
		long pause = this.settings.duration().toMillis() * 3 / 4 / (this.steps.size() - 1);
		try {
			for (String next : this.steps.subList(1, this.steps.size())) {
				Thread.sleep(pause);
				this.control.set(next);
			}
		}
		catch (InterruptedException ex) {
			// the run ended first
		}
		catch (IOException ex) {
			System.out.println("drill: a step was not set: " + ex.getMessage());
		}
	}

	@Override
	public void after() {
		super.after();
		this.stepper.interrupt();
		this.control.restore();
		Runtime.getRuntime().removeShutdownHook(this.restoreOnExit);
	}

}
