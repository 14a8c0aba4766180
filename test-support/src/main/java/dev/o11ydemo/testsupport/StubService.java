package dev.o11ydemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for another service of the suite (service-b, auth-service,
 * payment-service) on one port, whose behaviour a test switches: answer through
 * {@code handler}, fail with 500, hang, be down (nothing listening), or listen without
 * ever accepting. The handler gets each request's path, Authorization header and body.
 * Each switch drops the connections made before it, so no pooled connection of the caller
 * outlives it.
 */
public final class StubService implements AutoCloseable {

	public enum Mode {

		/** Answers through the handler. */
		OK,

		/** Answers 500. */
		ERROR,

		/** Reads the request, then never answers. */
		HANG,

		/** Nothing listens: connections are refused at once. */
		DOWN,

		/**
		 * Listens but never accepts, and its accept queue is full: the kernel drops new
		 * SYNs, so a connect hangs until the caller's connect timeout.
		 */
		BACKLOG_FULL

	}

	/**
	 * A response.
	 *
	 * @param status HTTP status
	 * @param contentType its Content-Type
	 * @param body its body
	 */
	public record Response(int status, String contentType, String body) {

		/** A JSON response. */
		public static Response json(int status, String json) {
			return new Response(status, "application/json", json);
		}

		/** A plain-text response. */
		public static Response text(int status, String text) {
			return new Response(status, "text/plain;charset=UTF-8", text);
		}

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

	private ServerSocket unaccepting;

	private final List<Socket> queued = new ArrayList<>();

	public StubService(Function<Request, Response> handler) throws IOException {
		this.handler = handler;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
		this.port = this.server.getAddress().getPort();
		serve();
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
		return Http.loopback(this.port, "");
	}

	public synchronized void switchTo(Mode mode) throws IOException {
		stop();
		this.mode = mode;
		if (mode == Mode.BACKLOG_FULL) {
			fillTheAcceptQueue();
		}
		else if (mode != Mode.DOWN) {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 100);
			serve();
		}
	}

	private void serve() {
		this.executor = Executors.newCachedThreadPool();
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				Request request = new Request(exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("Authorization"),
						new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				Response response = switch (this.mode) {
					case HANG -> {
						Thread.sleep(Long.MAX_VALUE);
						yield Response.json(500, "{}");
					}
					case ERROR -> Response.json(500, "{\"detail\":\"stub failure\"}");
					default -> this.handler.apply(request);
				};
				byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", response.contentType());
				exchange.sendResponseHeaders(response.status(), bytes.length);
				exchange.getResponseBody().write(bytes);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		this.server.start();
	}

	/** Backlog 1 and Linux's backlog + 1 queued connections that are never accepted. */
	private void fillTheAcceptQueue() throws IOException {
		this.unaccepting = new ServerSocket();
		this.unaccepting.setReuseAddress(true);
		this.unaccepting.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 1);
		for (int i = 0; i < 3; i++) {
			Socket filler = new Socket();
			this.queued.add(filler);
			try {
				filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
			}
			catch (IOException ex) {
				// Queue already full: this one was dropped, as the caller's will be.
			}
		}
	}

	private void stop() throws IOException {
		if (this.server != null) {
			this.server.stop(0);
			this.executor.shutdownNow();
			this.server = null;
		}
		if (this.unaccepting != null) {
			this.unaccepting.close();
			this.unaccepting = null;
			for (Socket socket : this.queued) {
				socket.close();
			}
			this.queued.clear();
		}
	}

	@Override
	public synchronized void close() {
		try {
			stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
