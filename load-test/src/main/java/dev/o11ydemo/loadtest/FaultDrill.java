package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An alert drill through service-a's runtime fault endpoint (reachable through the ALB):
 * sets the fault, drives service-a's healthy routes at the set rate for the set time
 * (long enough for the alert's {@code for:}), then restores the defaults: at the end, and
 * from a shutdown hook when the run is interrupted (Ctrl-C).
 */
public abstract class FaultDrill extends LoadSimulation {

	private final FaultControl control = new FaultControl("service-a", this.settings.serviceA(),
			this.settings.faultAuthorization());

	private final Thread restoreOnExit = new Thread(this.control::reset, "restore-faults");

	private final String faults;

	protected FaultDrill(String alert, String faults) {
		this.faults = faults;
		System.out.println("drill: " + alert + " on service-a for " + this.settings.duration().toSeconds() + " s");
		setUp(scenario("drill traffic").exec(this.traffic.classic(false, Requests.ANY))
			.injectOpen(arrivals(this.settings.rate(), this.settings.duration()))).protocols(this.protocol);
	}

	@Override
	public void before() {
		Drills.exitIfUnavailable(this.control);
		Runtime.getRuntime().addShutdownHook(this.restoreOnExit);
		try {
			this.control.set(this.faults);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		super.before();
	}

	@Override
	public void after() {
		super.after();
		this.control.reset();
		Runtime.getRuntime().removeShutdownHook(this.restoreOnExit);
	}

}
