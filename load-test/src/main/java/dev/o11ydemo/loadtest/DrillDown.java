package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import java.time.Duration;

/**
 * {@code drill-down}: crashes service-b and drives service-a's /call-service-b, which now
 * fails fast with 500s. ServiceDown fires when nothing restarts service-b (a local
 * run.sh). It needs service-b's own URL (locally, or --service-b); behind the ALB
 * service-b is internal and Kubernetes restarts a crashed pod within seconds, so there
 * the drill stops and says so (scale a Deployment to zero to see ServiceAbsent).
 */
public class DrillDown extends LoadSimulation {

	private final FaultControl control;

	public DrillDown() {
		this.control = (this.settings.serviceB() != null)
				? new FaultControl("service-b", this.settings.serviceB(), this.settings.faultAuthorization()) : null;
		setUp(scenario("service-b down")
			.exec(Requests.call("GET /call-service-b",
					http("GET /call-service-b").get(this.settings.serviceA() + "/call-service-b"), Requests.ANY))
			.injectOpen(arrivals(this.settings.rate(), this.settings.duration()))).protocols(this.protocol);
	}

	@Override
	public void before() {
		if (this.control == null) {
			Drills.stop("ServiceDown needs service-b's own URL (--service-b URL, or the local target). Behind the ALB "
					+ "service-b is internal, and Kubernetes restarts a crashed pod too fast for ServiceDown; "
					+ "kubectl -n o11y-demo scale deployment/service-b --replicas=0 fires ServiceAbsent instead");
		}
		Drills.exitIfUnavailable(this.control);
		this.control.crash();
		System.out.println("drill: ServiceDown fires about 1-2 minutes after the crash while service-b stays down");
		super.before();
	}

	@Override
	public void after() {
		super.after();
		try {
			if (this.control.awaitReady(Duration.ofSeconds(1))) {
				System.out.println(
						"drill: service-b is up again: its platform restarted it, so ServiceDown may not have fired");
			}
			else {
				System.out.println("drill: service-b is still down; start it again (./run.sh) to resolve ServiceDown");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
