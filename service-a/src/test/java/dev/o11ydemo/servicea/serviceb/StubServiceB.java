package dev.o11ydemo.servicea.serviceb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for service-b on one fixed loopback port whose behaviour a test switches:
 * answer, fail, hang, refuse connections, or leave them unaccepted. Speaks just enough
 * HTTP/1.1 for service-a's Feign client, and closes every connection after one response
 * so that no pooled connection outlives a switch.
 */
final class StubServiceB implements AutoCloseable {

	enum Mode {

		/** Answers 200 with service-b's greeting. */
		GREETING,

		/** Answers 500. */
		ERROR,

		/** Accepts and reads the request, then never answers. */
		HANG,

		/** Nothing listens: connections are refused at once. */
		CLOSED,

		/**
		 * Listens but never accepts, and its accept queue is full: the kernel drops new
		 * SYNs, so a connect hangs until the client's connect timeout.
		 */
		BACKLOG_FULL

	}

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile Mode mode;

	private ServerSocket server;

	private Thread acceptor;

	StubServiceB() throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.port = probe.getLocalPort();
		}
		switchTo(Mode.GREETING);
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	synchronized void switchTo(Mode mode) throws IOException {
		stop();
		this.mode = mode;
		if (mode == Mode.CLOSED) {
			return;
		}
		if (mode == Mode.BACKLOG_FULL) {
			this.server = bind(1);
			// Fill the accept queue (backlog + 1 on Linux); these connections are never
			// accepted.
			for (int i = 0; i < 3; i++) {
				Socket filler = new Socket();
				this.sockets.add(filler);
				try {
					filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
				}
				catch (IOException ex) {
					// Queue already full: this one was dropped as the client's will be.
				}
			}
			return;
		}
		ServerSocket listening = bind(50);
		this.server = listening;
		this.acceptor = new Thread(() -> accept(listening), "stub-service-b");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	private ServerSocket bind(int backlog) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), backlog);
		return socket;
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket socket = listening.accept();
				this.sockets.add(socket);
				Thread handler = new Thread(() -> handle(socket), "stub-service-b-conn");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void handle(Socket socket) {
		try (socket) {
			readRequestHead(socket.getInputStream());
			switch (this.mode) {
				case GREETING -> respond(socket.getOutputStream(), "200 OK", "Hello from Service B!");
				case ERROR -> respond(socket.getOutputStream(), "500 Internal Server Error", "boom");
				default -> Thread.sleep(Long.MAX_VALUE);
			}
		}
		catch (IOException | InterruptedException ex) {
			// The test switched modes or closed the stub.
		}
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		int b;
		while (matched < 4 && (b = in.read()) != -1) {
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
	}

	private static void respond(OutputStream out, String status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: "
				+ bytes.length + "\r\nConnection: close\r\n\r\n";
		out.write(head.getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.flush();
	}

	private void stop() throws IOException {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
		if (this.acceptor != null) {
			// The listening socket is really closed only once the thread blocked in
			// accept() has left it.
			try {
				this.acceptor.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.acceptor = null;
		}
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	@Override
	public synchronized void close() throws IOException {
		stop();
	}

}
