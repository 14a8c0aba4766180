package dev.o11ydemo.suite;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.testsupport.Http;

/**
 * Alertmanager's receiver in the test: collects every alert Alertmanager delivers through
 * its webhook, firing and resolved.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();

	WebhookReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.createContext("/alerts", (exchange) -> {
			try (exchange) {
				JsonNode notification = json.readTree(exchange.getRequestBody());
				notification.path("alerts").forEach(this.alerts::add);
				exchange.sendResponseHeaders(200, -1);
			}
		});
		this.server.start();
	}

	String url() {
		return Http.loopback(this.server.getAddress().getPort(), "/alerts");
	}

	/** Whether an alert with this name, status and label value has been delivered. */
	boolean received(String alertname, String status, String label, String value) {
		return this.alerts.stream()
			.anyMatch((alert) -> alert.path("labels").path("alertname").asString().equals(alertname)
					&& alert.path("status").asString().equals(status)
					&& alert.path("labels").path(label).asString().equals(value));
	}

	List<JsonNode> alerts() {
		return this.alerts;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
