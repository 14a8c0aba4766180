package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * {@code steady}: service-a's healthy routes at the set rate and shoppers at a tenth of
 * it, for the set time. The deliberate failures are left out, so dashboards move and no
 * alert fires.
 */
public class Steady extends LoadSimulation {

	public Steady() {
		setUp(scenario("classic").exec(this.traffic.classic(false, null))
			.injectOpen(arrivals(this.settings.rate(), this.settings.duration())),
				this.traffic.journey().injectOpen(arrivals(this.settings.rate() / 10, this.settings.duration())))
			.protocols(this.protocol)
			.assertions(global().failedRequests().percent().lt(1.0));
	}

}
