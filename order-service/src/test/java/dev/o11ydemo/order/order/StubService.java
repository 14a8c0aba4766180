package dev.o11ydemo.order.order;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for auth-service or payment-service on a fixed port, whose behaviour a test switches: answer
 * through {@code handler}, fail with 500, hang, or be down (nothing listening).
 */
final class StubService implements AutoCloseable {

	enum Mode {

		OK, ERROR, HANG, DOWN

	}

	/**
	 * A response.
	 *
	 * @param status HTTP status
	 * @param json body
	 */
	record Response(int status, String json) {
	}

	private final int port;

	private final Function<String, Response> handler;

	private volatile Mode mode = Mode.OK;

	private HttpServer server;

	private ExecutorService executor;

	StubService(Function<String, Response> handler) throws IOException {
		this.handler = handler;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
		this.port = this.server.getAddress().getPort();
		start();
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	synchronized void switchTo(Mode mode) throws IOException {
		if (mode == Mode.DOWN && this.server != null) {
			stop();
		}
		else if (mode != Mode.DOWN && this.server == null) {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 100);
			start();
		}
		this.mode = mode;
	}

	private void start() {
		this.executor = Executors.newCachedThreadPool();
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				Response response = switch (this.mode) {
					case HANG -> {
						Thread.sleep(60_000);
						yield new Response(500, "{}");
					}
					case ERROR -> new Response(500, "{\"detail\":\"stub failure\"}");
					default -> this.handler.apply(body);
				};
				byte[] bytes = response.json().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(response.status(), bytes.length);
				exchange.getResponseBody().write(bytes);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		this.server.start();
	}

	private void stop() {
		this.server.stop(0);
		this.executor.shutdownNow();
		this.server = null;
	}

	@Override
	public synchronized void close() {
		if (this.server != null) {
			stop();
		}
	}

}
