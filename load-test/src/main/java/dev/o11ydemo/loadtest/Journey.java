package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.global;

/**
 * {@code journey}: shoppers arriving at the set rate (shoppers per second), each placing
 * one to three orders.
 */
public class Journey extends LoadSimulation {

	public Journey() {
		setUp(this.traffic.journey().injectOpen(arrivals(this.settings.rate(), this.settings.duration())))
			.protocols(this.protocol)
			.assertions(global().failedRequests().percent().lt(1.0));
	}

}
