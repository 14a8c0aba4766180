package dev.o11ydemo.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends bytes exactly as given over a real socket and reads what comes back until the
 * service closes the connection: for requests no HTTP client library would send (a
 * malformed request line, an invented method, a broken chunked body). Send
 * {@code Connection: close} so the service ends the exchange.
 */
public final class RawHttp {

	private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

	private RawHttp() {
	}

	/** The service's answer to {@code request} (ISO-8859-1 text). */
	public static Answer exchange(int port, String request) throws IOException {
		return exchange(null, port, request);
	}

	/**
	 * The same, sent from the loopback address {@code from} (e.g. {@code 127.0.0.2}, a
	 * second client on the same machine), or from the default one when null.
	 */
	public static Answer exchange(InetAddress from, int port, String request) throws IOException {
		return exchange(from, port, request, Duration.ofSeconds(15));
	}

	/**
	 * The same, with what arrived within {@code within} as the answer: nothing at all
	 * (status -1) when the service took longer.
	 */
	public static Answer exchange(InetAddress from, int port, String request, Duration within) throws IOException {
		try (Socket socket = new Socket()) {
			if (from != null) {
				socket.bind(new InetSocketAddress(from, 0));
			}
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout((int) within.toMillis());
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int n; (n = in.read(buffer)) != -1;) {
					out.write(buffer, 0, n);
				}
			}
			catch (SocketTimeoutException | java.net.SocketException ended) {
				// Answered and then reset or left open: what arrived is the answer.
			}
			return new Answer(out.toString(StandardCharsets.ISO_8859_1));
		}
	}

	/**
	 * A raw HTTP/1.1 answer.
	 *
	 * @param text status line, headers and body as received
	 */
	public record Answer(String text) {

		/** The status code, or -1 when no status line came back. */
		public int status() {
			Matcher matcher = STATUS.matcher(this.text);
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
		}

		/** The Content-Type header, or an empty string. */
		public String contentType() {
			for (String line : head().split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
					return line.substring("content-type:".length()).trim();
				}
			}
			return "";
		}

		/** Everything after the headers (chunk sizes included, when chunked). */
		public String body() {
			int end = this.text.indexOf("\r\n\r\n");
			return (end < 0) ? "" : this.text.substring(end + 4);
		}

		private String head() {
			int end = this.text.indexOf("\r\n\r\n");
			return (end < 0) ? this.text : this.text.substring(0, end);
		}

	}

}
