package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * {@code classic}: the original test.sh mix over service-a's routes at a constant arrival
 * rate. Like the original it includes /serverError (a tenth of the requests), so on its
 * own it fires HighErrorRate on service-a after about six minutes.
 */
public class Classic extends LoadSimulation {

	public Classic() {
		setUp(scenario("classic").exec(this.traffic.classic(true, null))
			.injectOpen(arrivals(this.settings.rate(), this.settings.duration()))).protocols(this.protocol)
			.assertions(global().failedRequests().percent().lt(1.0));
	}

}
