package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;

/**
 * {@code spike}: the steady mix at the set rate for a third of the time, five times that
 * rate for a third, and back. Watch the latency panels and the HPA.
 */
public class Spike extends LoadSimulation {

	static final int FACTOR = 5;

	public Spike() {
		double rate = this.settings.rate();
		Duration third = this.settings.duration().dividedBy(3);
		setUp(scenario("classic").exec(this.traffic.classic(false, null))
			.injectOpen(constantUsersPerSec(rate).during(third), constantUsersPerSec(rate * FACTOR).during(third),
					constantUsersPerSec(rate).during(third)),
				this.traffic.journey()
					.injectOpen(constantUsersPerSec(rate / 10).during(third),
							constantUsersPerSec(rate * FACTOR / 10).during(third),
							constantUsersPerSec(rate / 10).during(third)))
			.protocols(this.protocol)
			.assertions(global().failedRequests().percent().lt(1.0));
	}

}
