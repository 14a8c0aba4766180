package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.PopulationBuilder;

/**
 * {@code smoke}: every reachable route of every service a few times, each with the status
 * it answers on purpose; any other answer fails the run. For CI and for checking a
 * deploy. /crash is never sent.
 */
public class Smoke extends LoadSimulation {

	static final int ROUNDS = 2;

	public Smoke() {
		List<PopulationBuilder> populations = new ArrayList<>();
		populations.add(this.traffic.smoke("service-a", this.settings.serviceA(), true)
			.exec(this.traffic.get("service-a", this.settings.serviceA(), "/", 200))
			.exec(this.traffic.get("service-a", this.settings.serviceA(), "/call-service-b", 200))
			.injectOpen(atOnceUsers(ROUNDS)));
		if (this.settings.serviceB() != null) {
			populations.add(this.traffic.smoke("service-b", this.settings.serviceB(), true)
				.exec(this.traffic.get("service-b", this.settings.serviceB(), "/hello", 200))
				.injectOpen(atOnceUsers(ROUNDS)));
		}
		boolean own = this.settings.ownHosts();
		populations.add(this.traffic.smoke("auth-service", this.settings.auth(), own).injectOpen(atOnceUsers(ROUNDS)));
		populations
			.add(this.traffic.smoke("order-service", this.settings.order(), own).injectOpen(atOnceUsers(ROUNDS)));
		populations
			.add(this.traffic.smoke("payment-service", this.settings.payment(), own).injectOpen(atOnceUsers(ROUNDS)));
		populations.add(scenario("business").exec(this.traffic.businessExtras(own)).injectOpen(atOnceUsers(ROUNDS)));
		populations.add(this.traffic.journey().injectOpen(atOnceUsers(ROUNDS)));
		setUp(populations).protocols(this.protocol).assertions(global().failedRequests().count().is(0L));
	}

}
