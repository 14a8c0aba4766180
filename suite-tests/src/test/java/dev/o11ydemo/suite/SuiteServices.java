package dev.o11ydemo.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The five services, wired to each other and started once per test JVM for the test
 * classes that only need the suite running (not a particular configuration or a crash).
 * Stopped when the JVM ends.
 */
final class SuiteServices {

	private static SuiteServices shared;

	final ServiceProcess serviceB;

	final ServiceProcess serviceA;

	final ServiceProcess auth;

	final ServiceProcess payment;

	final ServiceProcess order;

	private SuiteServices() throws Exception {
		Path data = Files.createTempDirectory("suite-services");
		this.serviceB = ServiceProcess.start("service-b", "shared-service-b", Map.of());
		this.serviceA = ServiceProcess.start("service-a", "shared-service-a",
				Map.of("SERVICE_B_URI", this.serviceB.url("")));
		this.auth = ServiceProcess.start("auth-service", "shared-auth-service", Map.of());
		this.payment = ServiceProcess.start("payment-service", "shared-payment-service",
				Map.of("DATA_DIR", data.toString(), "AUTH_SERVICE_URI", this.auth.url("")));
		this.order = ServiceProcess.start("order-service", "shared-order-service", Map.of("DATA_DIR", data.toString(),
				"AUTH_SERVICE_URI", this.auth.url(""), "PAYMENT_SERVICE_URI", this.payment.url("")));
	}

	static synchronized SuiteServices shared() throws Exception {
		if (shared == null) {
			shared = new SuiteServices();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				for (ServiceProcess service : shared.all()) {
					try {
						service.close();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}));
		}
		return shared;
	}

	List<ServiceProcess> all() {
		return List.of(this.order, this.payment, this.auth, this.serviceA, this.serviceB);
	}

}
