package dev.o11ydemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for another service of the suite (auth-service, payment-service) on
 * a fixed port, whose behaviour a test switches: answer through {@code handler}, fail
 * with 500, hang, or be down (nothing listening). The handler gets each request's path,
 * Authorization header and body.
 */
public final class StubService implements AutoCloseable {

	public enum Mode {

		OK, ERROR, HANG, DOWN

	}

	/**
	 * A response.
	 *
	 * @param status HTTP status
	 * @param json body
	 */
	public record Response(int status, String json) {
	}

	/**
	 * A request as the stub received it.
	 *
	 * @param path the request path
	 * @param authorization the Authorization header, or null
	 * @param body the body
	 */
	public record Request(String path, String authorization, String body) {
	}

	private final int port;

	private final Function<Request, Response> handler;

	private volatile Mode mode = Mode.OK;

	private HttpServer server;

	private ExecutorService executor;

	public StubService(Function<Request, Response> handler) throws IOException {
		this.handler = handler;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
		this.port = this.server.getAddress().getPort();
		start();
	}

	/** A started stub, for static fields. */
	public static StubService start(Function<Request, Response> handler) {
		try {
			return new StubService(handler);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public synchronized void switchTo(Mode mode) throws IOException {
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
				Request request = new Request(exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("Authorization"),
						new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				Response response = switch (this.mode) {
					case HANG -> {
						Thread.sleep(60_000);
						yield new Response(500, "{}");
					}
					case ERROR -> new Response(500, "{\"detail\":\"stub failure\"}");
					default -> this.handler.apply(request);
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
