package dev.o11ydemo.order.order;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.o11ydemo.testsupport.Http;

/** Calls order-service's routes over real HTTP. */
final class OrderApi {

	static final String ORDER = "{\"item\":\"book\",\"quantity\":2,\"amount\":25.50,\"currency\":\"EUR\"}";

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	OrderApi(int port) {
		this.base = Http.loopback(port, "");
	}

	HttpResponse<String> place(String authorization, String idempotencyKey, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + "/order"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> get(String authorization, String path) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
