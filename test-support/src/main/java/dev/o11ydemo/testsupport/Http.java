package dev.o11ydemo.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real HTTP client for tests that talk to started services over loopback.
 */
public final class Http {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Http() {
	}

	/** The URL of {@code path} (may be empty) at {@code port} on loopback. */
	public static String loopback(int port, String path) {
		return "http://127.0.0.1:" + port + path;
	}

	public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return get(url, null);
	}

	public static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
		if (accept != null) {
			request.header("Accept", accept);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A GET that must be answered within {@code timeout}, as a Kubernetes probe must (its
	 * default timeout is 1 s); a slower answer throws
	 * {@link java.net.http.HttpTimeoutException}.
	 */
	public static HttpResponse<String> getWithin(String url, Duration timeout)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	public static HttpResponse<String> getWithHeader(String url, String name, String value)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header(name, value)
			.GET()
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	public static HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Sends {@code body} with the given method and content type (null: no Content-Type
	 * header).
	 */
	public static HttpResponse<String> send(String method, String url, String contentType, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** POSTs a JSON body. */
	public static HttpResponse<String> postJson(String url, String body) throws IOException, InterruptedException {
		return send("POST", url, "application/json", body);
	}

	/**
	 * POSTs a JSON body as the suite's clients do, with a bearer token and an
	 * Idempotency-Key, each left out when null.
	 */
	public static HttpResponse<String> postJson(String url, String body, String bearer, String idempotencyKey)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A GET with a bearer token, left out when null. */
	public static HttpResponse<String> getAuthorized(String url, String bearer)
			throws IOException, InterruptedException {
		return (bearer != null) ? getWithHeader(url, "Authorization", "Bearer " + bearer) : get(url);
	}

	/** The response's Content-Type header, or an empty string. */
	public static String contentType(HttpResponse<?> response) {
		return response.headers().firstValue("Content-Type").orElse("");
	}

}
