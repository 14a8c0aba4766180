package dev.o11ydemo.loadtest;

import java.time.Duration;

/**
 * What run.sh passes as system properties: where each service is, and how hard and how
 * long to drive it.
 *
 * @param serviceA base URL of service-a, and of every service behind one ALB host (their
 * path prefixes)
 * @param serviceB base URL of service-b, or null where it is not reachable (behind the
 * ALB it is internal)
 * @param auth base URL of auth-service
 * @param order base URL of order-service
 * @param payment base URL of payment-service
 * @param ownHosts whether auth, order and payment have URLs of their own, so their
 * non-prefixed routes are reachable
 * @param rate arrivals per second (requests for classic, journeys for journey)
 * @param duration how long the load lasts
 * @param ramp how long the rate takes to rise to its value
 * @param crash whether classic includes /crash
 * @param faultToken the services' fault token ({@code FAULT_TOKEN}, which run.sh's
 * {@code --fault-token} sets), or null: sent as {@code Authorization: Bearer} with /crash
 * and fault changes
 */
record Settings(String serviceA, String serviceB, String auth, String order, String payment, boolean ownHosts,
		double rate, Duration duration, Duration ramp, boolean crash, String faultToken) {

	static Settings fromSystemProperties() {
		String a = required("loadtest.service-a");
		String auth = System.getProperty("loadtest.auth", "");
		String order = System.getProperty("loadtest.order", "");
		String payment = System.getProperty("loadtest.payment", "");
		String b = System.getProperty("loadtest.service-b", "");
		return new Settings(a, b.isEmpty() ? null : b, auth.isEmpty() ? a : auth, order.isEmpty() ? a : order,
				payment.isEmpty() ? a : payment, !auth.isEmpty() && !order.isEmpty() && !payment.isEmpty(),
				Double.parseDouble(System.getProperty("loadtest.rate", "20")),
				Duration.ofSeconds(Long.parseLong(System.getProperty("loadtest.duration", "60"))),
				Duration.ofSeconds(Long.parseLong(System.getProperty("loadtest.ramp", "0"))),
				Boolean.parseBoolean(System.getProperty("loadtest.crash", "false")), faultTokenFromEnvironment());
	}

	/**
	 * From the environment, never a system property: the command line of a process is
	 * visible to every user.
	 */
	private static String faultTokenFromEnvironment() {
		String token = System.getenv("FAULT_TOKEN");
		return (token == null || token.isBlank()) ? null : token.trim();
	}

	/** The Authorization header value for the fault controls, or null without a token. */
	String faultAuthorization() {
		return (this.faultToken != null) ? "Bearer " + this.faultToken : null;
	}

	private static String required(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("system property " + name + " is not set (load-test/run.sh sets it)");
		}
		return value;
	}

}
