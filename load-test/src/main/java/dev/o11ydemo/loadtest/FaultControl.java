package dev.o11ydemo.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A service's own fault controls, as the drills use them: {@code /actuator/faults} (set,
 * reset) and {@code /crash}. Those that change state are sent with the fault token, where
 * one is given.
 */
final class FaultControl {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String service;

	private final String base;

	private final String authorization;

	FaultControl(String service, String base, String authorization) {
		this.service = service;
		this.base = base;
		this.authorization = authorization;
	}

	/**
	 * Stops the run with a clear message where the fault controls are switched off or
	 * unreachable.
	 */
	void requireAvailable() {
		int status;
		try {
			status = send(HttpRequest.newBuilder(URI.create(this.base + "/actuator/faults")).GET()).statusCode();
		}
		catch (IOException ex) {
			throw new DrillUnavailable(this.service + " is not reachable at " + this.base + " ("
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()) + ")");
		}
		if (status == 404) {
			throw new DrillUnavailable("the fault controls of " + this.service + " at " + this.base
					+ " are switched off (DEMO_FAULTROUTES_ENABLED=false): this drill cannot run there");
		}
		if (status != 200) {
			throw new DrillUnavailable("GET " + this.base + "/actuator/faults answered " + status);
		}
		// A change of nothing: refused without the token, a 400 (and no change) with it.
		try {
			status = send(authorized(HttpRequest.newBuilder(URI.create(this.base + "/actuator/faults")))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode();
		}
		catch (IOException ex) {
			throw new DrillUnavailable(this.service + " is not reachable at " + this.base);
		}
		requireAllowed(status);
	}

	/**
	 * Stops the drill where the service refused a fault control for want of the token.
	 */
	private void requireAllowed(int status) {
		if (status == 401) {
			throw new DrillUnavailable("the fault controls of " + this.service + " at " + this.base
					+ ((this.authorization != null) ? " refused the fault token given"
							: " need the fault token: FAULT_TOKEN=<token> load-test/run.sh ... (or --fault-token)"));
		}
		if (status == 403) {
			throw new DrillUnavailable("the fault controls of " + this.service + " at " + this.base
					+ " answer only local clients, since it has no fault token: set DEMO_FAULTROUTES_TOKEN"
					+ " there (k8s: fault-token.env; compose: FAULT_TOKEN in .env) and pass the same FAULT_TOKEN");
		}
	}

	private HttpRequest.Builder authorized(HttpRequest.Builder request) {
		return (this.authorization != null) ? request.header("Authorization", this.authorization) : request;
	}

	void set(String json) throws IOException {
		HttpResponse<String> response = send(
				authorized(HttpRequest.newBuilder(URI.create(this.base + "/actuator/faults")))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json)));
		if (response.statusCode() != 200) {
			throw new IOException("setting faults " + json + " on " + this.service + " answered "
					+ response.statusCode() + ": " + response.body());
		}
		System.out.println("drill: " + this.service + " faults set to " + response.body());
	}

	/** Back to the service's configured defaults; says so, or says what went wrong. */
	void reset() {
		try {
			HttpResponse<String> response = send(
					authorized(HttpRequest.newBuilder(URI.create(this.base + "/actuator/faults"))).DELETE());
			System.out.println(
					"drill: " + this.service + " faults restored: " + response.statusCode() + " " + response.body());
		}
		catch (IOException ex) {
			System.out.println("drill: could not restore the faults of " + this.service + " (" + ex.getMessage()
					+ "); run: curl -X DELETE " + this.base + "/actuator/faults");
		}
	}

	/**
	 * Sends /crash; the connection usually closes without an answer, which is the point.
	 * A refusal (no or a wrong fault token) stops the drill.
	 */
	void crash() {
		try {
			requireAllowed(
					send(authorized(HttpRequest.newBuilder(URI.create(this.base + "/crash"))).GET()).statusCode());
		}
		catch (IOException expected) {
			// The JVM halted while answering.
		}
		System.out.println("drill: sent /crash to " + this.service);
	}

	/** Whether the service's readiness probe says UP within the timeout. */
	boolean awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (send(HttpRequest.newBuilder(URI.create(this.base + "/actuator/health/readiness")).GET())
					.statusCode() == 200) {
					return true;
				}
			}
			catch (IOException notYet) {
				// Still down: retry until the deadline.
			}
			Thread.sleep(1000);
		}
		return false;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
		try {
			return this.client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	/** The drill cannot run against this target; the message says why. */
	static final class DrillUnavailable extends RuntimeException {

		DrillUnavailable(String message) {
			super(message);
		}

	}

}
