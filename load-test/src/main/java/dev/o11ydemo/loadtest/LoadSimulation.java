package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * What every scenario shares: the settings from run.sh, an HTTP protocol with a shared
 * connection pool (an open model's arrivals are not browsers with their own connections),
 * and the progress line and summary.
 */
public abstract class LoadSimulation extends Simulation {

	protected final Settings settings = Settings.fromSystemProperties();

	protected final Traffic traffic = new Traffic(this.settings);

	protected final HttpProtocolBuilder protocol = http.shareConnections()
		.userAgentHeader("o11y-demo-load-test")
		.acceptHeader("*/*");

	/**
	 * Arrivals per second for the set duration, after the ramp: an open model, arrivals
	 * never wait for answers.
	 */
	protected List<OpenInjectionStep> arrivals(double perSecond, Duration duration) {
		List<OpenInjectionStep> steps = new ArrayList<>();
		if (!this.settings.ramp().isZero()) {
			steps.add(rampUsersPerSec(0).to(perSecond).during(this.settings.ramp()));
		}
		steps.add(constantUsersPerSec(perSecond).during(duration));
		return steps;
	}

	@Override
	public void before() {
		Progress.start();
	}

	@Override
	public void after() {
		Progress.printSummary();
	}

}
