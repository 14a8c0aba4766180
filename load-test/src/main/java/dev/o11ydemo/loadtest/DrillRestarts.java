package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;

/**
 * {@code drill-restarts}: crashes service-a three times through /crash, each time waiting
 * until its platform has restarted it (Kubernetes, docker compose) and Prometheus has
 * scraped the new start time, so ServiceRestarting (over 2 restarts in 15 m) fires. Then
 * drives service-a's healthy routes to show it serving again. Where nothing restarts a
 * crashed service (run.sh), it stops after the first crash and says so: ServiceDown fires
 * instead.
 */
public class DrillRestarts extends LoadSimulation {

	static final int CRASHES = 3;

	static final Duration RESTART_TIMEOUT = Duration.ofMinutes(3);

	/** One scrape interval and a little more, so Prometheus sees each new start time. */
	static final Duration SCRAPE = Duration.ofSeconds(20);

	private final FaultControl control = new FaultControl("service-a", this.settings.serviceA(),
			this.settings.faultAuthorization());

	public DrillRestarts() {
		System.out.println("drill: ServiceRestarting on service-a (" + CRASHES + " crashes)");
		setUp(scenario("after the crashes").exec(this.traffic.classic(false, null))
			.injectOpen(arrivals(this.settings.rate(), this.settings.duration()))).protocols(this.protocol);
	}

	@Override
	public void before() {
		Drills.exitIfUnavailable(this.control);
		try {
			for (int crash = 1; crash <= CRASHES; crash++) {
				this.control.crash();
				Thread.sleep(2000);
				if (!this.control.awaitReady(RESTART_TIMEOUT)) {
					Drills.stop("service-a did not come back within " + RESTART_TIMEOUT.toMinutes()
							+ " minutes: nothing restarts it here (run.sh does not; Kubernetes and docker compose do). "
							+ "ServiceDown fires instead; start it again with ./run.sh");
				}
				System.out.println("drill: service-a is back after crash " + crash + " of " + CRASHES);
				Thread.sleep(SCRAPE.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			Drills.stop("interrupted");
		}
		System.out
			.println("drill: ServiceRestarting should be firing now (it resolves 15 minutes after the last crash)");
		super.before();
	}

}
