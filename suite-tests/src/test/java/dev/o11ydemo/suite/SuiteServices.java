package dev.o11ydemo.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The suite's services, wired to each other as the topology says and started once per
 * test JVM for the test classes that only need the suite running (not a particular
 * configuration or a crash). Stopped when the JVM ends.
 */
final class SuiteServices {

	private static SuiteServices shared;

	final ServiceProcess serviceB;

	final ServiceProcess serviceA;

	final ServiceProcess auth;

	final ServiceProcess payment;

	final ServiceProcess order;

	private final Map<String, ServiceProcess> byName;

	private SuiteServices() throws Exception {
		Path data = Files.createTempDirectory("suite-services");
		this.byName = ServiceProcess.startSuite("shared-", Map.of("DATA_DIR", data.toString()));
		this.serviceB = get("service-b");
		this.serviceA = get("service-a");
		this.auth = get("auth-service");
		this.payment = get("payment-service");
		this.order = get("order-service");
	}

	/** The started instance of the service called {@code name}. */
	ServiceProcess get(String name) {
		ServiceProcess service = this.byName.get(name);
		if (service == null) {
			throw new IllegalArgumentException("no service " + name + " in the topology");
		}
		return service;
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

	/** Every service, callers before the services they call. */
	List<ServiceProcess> all() {
		List<ServiceProcess> all = new ArrayList<>(this.byName.values());
		Collections.reverse(all);
		return all;
	}

}
