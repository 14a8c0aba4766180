package dev.o11ydemo.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A service's own fault controls, as the drills and game days use them:
 * {@code /actuator/faults} (read, set, reset) and {@code /crash}. Those that change state
 * are sent with the fault token, where one is given; a refusal says what is missing.
 */
public final class FaultControl {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String service;

	private final String base;

	private final @Nullable String authorization;

	private final Consumer<String> log;

	/**
	 * @param service the service's name, for messages
	 * @param base its base URL
	 * @param authorization the Authorization header for changes, or null
	 * @param log where each change is reported (the drills print it; a game day's status
	 * line shows it instead)
	 */
	public FaultControl(String service, String base, @Nullable String authorization, Consumer<String> log) {
		this.service = service;
		this.base = base;
		this.authorization = authorization;
		this.log = log;
	}

	FaultControl(String service, String base, @Nullable String authorization) {
		this(service, base, authorization, System.out::println);
	}

	/**
	 * Fails with a clear message where the fault controls are switched off, unreachable,
	 * or would refuse this client's changes; changes nothing.
	 */
	public void requireAvailable() {
		describe();
		// A change of nothing: refused without the token, a 400 (and no change) with it.
		int status;
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
	 * The service's fault settings as {@code GET /actuator/faults} describes them, as
	 * JSON.
	 * @throws DrillUnavailable where they are switched off or unreachable
	 */
	public String describe() {
		HttpResponse<String> response;
		try {
			response = send(HttpRequest.newBuilder(URI.create(this.base + "/actuator/faults")).GET());
		}
		catch (IOException ex) {
			throw new DrillUnavailable(this.service + " is not reachable at " + this.base + " ("
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()) + ")");
		}
		if (response.statusCode() == 404) {
			throw new DrillUnavailable("the fault controls of " + this.service + " at " + this.base
					+ " are switched off (DEMO_FAULTROUTES_ENABLED=false): no fault can be set there");
		}
		if (response.statusCode() != 200) {
			throw new DrillUnavailable("GET " + this.base + "/actuator/faults answered " + response.statusCode());
		}
		return response.body();
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

	/** Sets faults, a JSON object of {@code /actuator/faults}' fields. */
	public void set(String json) throws IOException {
		HttpResponse<String> response = send(
				authorized(HttpRequest.newBuilder(URI.create(this.base + "/actuator/faults")))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json)));
		if (response.statusCode() != 200) {
			throw new IOException("setting faults " + json + " on " + this.service + " answered "
					+ response.statusCode() + ": " + response.body());
		}
		this.log.accept("drill: " + this.service + " faults set to " + response.body());
	}

	/**
	 * Back to the service's configured defaults, or an exception saying how to do it by
	 * hand.
	 */
	public void reset() throws IOException {
		HttpResponse<String> response;
		try {
			response = send(authorized(HttpRequest.newBuilder(URI.create(this.base + "/actuator/faults"))).DELETE());
		}
		catch (IOException ex) {
			throw new IOException("could not restore the faults of " + this.service + " (" + ex.getMessage()
					+ "); run: curl -X DELETE " + this.base + "/actuator/faults", ex);
		}
		if (response.statusCode() != 200) {
			throw new IOException("restoring the faults of " + this.service + " answered " + response.statusCode()
					+ "; run: curl -X DELETE " + this.base + "/actuator/faults");
		}
		this.log
			.accept("drill: " + this.service + " faults restored: " + response.statusCode() + " " + response.body());
	}

	/** {@link #reset()}, saying so or saying what went wrong, for the end of a drill. */
	void restore() {
		try {
			reset();
		}
		catch (IOException ex) {
			this.log.accept("drill: " + ex.getMessage());
		}
	}

	/**
	 * Sends /crash; the connection usually closes without an answer, which is the point.
	 * A refusal (no or a wrong fault token) stops the drill.
	 */
	public void crash() {
		try {
			requireAllowed(
					send(authorized(HttpRequest.newBuilder(URI.create(this.base + "/crash"))).GET()).statusCode());
		}
		catch (IOException expected) {
			// The JVM halted while answering.
		}
		this.log.accept("drill: sent /crash to " + this.service);
	}

	/** Whether the service's readiness probe says UP within the timeout. */
	public boolean awaitReady(Duration timeout) throws InterruptedException {
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

	/** The fault controls cannot be used at this target; the message says why. */
	public static final class DrillUnavailable extends RuntimeException {

		DrillUnavailable(String message) {
			super(message);
		}

	}

}
