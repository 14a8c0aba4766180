package dev.o11ydemo.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Real sockets that open requests to a service and then send them slowly, a few bytes
 * every half second, as a slowloris-style client would: either the headers never end, or
 * the headers end and the body trickles in. Closing stops the trickle and closes every
 * socket.
 */
public final class SlowClients implements AutoCloseable {

	/** Which part of the request arrives slowly. */
	public enum Stall {

		/** The request line arrives, then one more header line every half second. */
		HEADERS,

		/**
		 * The headers arrive whole, announcing a body, then one body byte every half
		 * second.
		 */
		BODY

	}

	/** Kubernetes' default probe timeout: a probe answered later counts as failed. */
	public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	private final List<Socket> sockets = new ArrayList<>();

	private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

	private SlowClients() {
	}

	/**
	 * Opens {@code count} connections to the service on loopback, each from a loopback
	 * address of its own ({@code 127.0.1.1}, {@code 127.0.1.2} ...: as many clients as
	 * connections, so no client exceeds its share of the service), each starting a
	 * request to {@code path} (a POST with a JSON body for {@link Stall#BODY}), and keeps
	 * them trickling until closed.
	 */
	public static SlowClients open(int port, int count, Stall stall, String path) throws IOException {
		return open(null, port, count, stall, path);
	}

	/**
	 * The loopback address of the {@code i}th of many clients: {@code 127.0.1.1},
	 * {@code 127.0.1.2} ..., 250 to each third octet.
	 */
	public static InetAddress client(int i) throws IOException {
		return InetAddress.getByAddress(new byte[] { 127, 0, (byte) (1 + i / 250), (byte) (1 + i % 250) });
	}

	/**
	 * {@link #open(int, int, Stall, String)} from the loopback address {@code from}, or
	 * the default one when null: one client, as the service counts clients.
	 */
	public static SlowClients open(InetAddress from, int port, int count, Stall stall, String path) throws IOException {
		SlowClients clients = new SlowClients();
		String start = (stall == Stall.BODY)
				? "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 900\r\n\r\n{\"padding\":\""
				: "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n";
		byte[] more = ((stall == Stall.BODY) ? "x" : "X-Slow: 1\r\n").getBytes(StandardCharsets.US_ASCII);
		try {
			for (int i = 0; i < count; i++) {
				Socket socket = new Socket();
				clients.sockets.add(socket);
				socket.bind(new InetSocketAddress((from != null) ? from : client(i), 0));
				socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
				socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
			}
		}
		catch (IOException ex) {
			clients.close();
			throw ex;
		}
		clients.trickle.scheduleAtFixedRate(() -> clients.sendEach(more), 500, 500, TimeUnit.MILLISECONDS);
		return clients;
	}

	/**
	 * {@link #open} and a moment for every connection to be accepted and stalled; fails
	 * if the service has already closed any of them.
	 */
	public static SlowClients stalled(int port, int count, Stall stall, String path)
			throws IOException, InterruptedException {
		SlowClients clients = open(port, count, stall, path);
		Thread.sleep(1500);
		if (clients.open() != count) {
			clients.close();
			throw new IllegalStateException("the service closed " + (count - clients.open()) + " stalled connections");
		}
		return clients;
	}

	/**
	 * The status of a GET answered within {@link #PROBE_TIMEOUT}, as a probe needs; later
	 * throws.
	 */
	public static int probe(String url) throws IOException, InterruptedException {
		return Http.getWithin(url, PROBE_TIMEOUT).statusCode();
	}

	/** How many of the connections the service has not closed yet. */
	public int open() {
		int open = 0;
		for (Socket socket : this.sockets) {
			if (!socket.isClosed()) {
				open++;
			}
		}
		return open;
	}

	private void sendEach(byte[] bytes) {
		for (Socket socket : this.sockets) {
			if (socket.isClosed()) {
				continue;
			}
			try {
				OutputStream out = socket.getOutputStream();
				out.write(bytes);
				out.flush();
			}
			catch (IOException closedByTheService) {
				closeQuietly(socket);
			}
		}
	}

	@Override
	public void close() {
		this.trickle.shutdownNow();
		this.sockets.forEach(SlowClients::closeQuietly);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// Closing anyway.
		}
	}

}
