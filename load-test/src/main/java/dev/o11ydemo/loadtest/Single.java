package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * {@code single}: one route of service-a ({@code --path}, default /) at the set rate,
 * expecting 200: for measuring one route's capacity and latency, and comparing with other
 * load generators on the same route.
 */
public class Single extends LoadSimulation {

	public Single() {
		String path = System.getProperty("loadtest.path", "/");
		String name = "GET " + path;
		setUp(scenario("single").exec(Requests.call(name, http(name).get(this.settings.serviceA() + path), 200))
			.injectOpen(arrivals(this.settings.rate(), this.settings.duration()))).protocols(this.protocol)
			.assertions(global().failedRequests().percent().lt(1.0));
	}

}
