package dev.o11ydemo.suite;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on loopback that completes handshakes and nothing more, with a self-signed
 * certificate made by the JDK's {@code keytool} that ends after the given number of days:
 * what a blackbox probe of an endpoint whose certificate is about to expire sees.
 */
final class TlsEndpoint implements AutoCloseable {

	private static final String PASSWORD = "endpoint";

	private final SSLServerSocket server;

	private final Instant notAfter;

	private TlsEndpoint(SSLServerSocket server, Instant notAfter) {
		this.server = server;
		this.notAfter = notAfter;
		Thread acceptor = new Thread(this::serve, "tls-endpoint");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	static TlsEndpoint start(Path work, int validDays) throws Exception {
		Path keystore = work.resolve("tls-endpoint-" + validDays + "d.p12");
		Files.deleteIfExists(keystore);
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process made = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "endpoint", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity",
				Integer.toString(validDays), "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass",
				PASSWORD)
			.redirectErrorStream(true)
			.start();
		String output = new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!made.waitFor(60, TimeUnit.SECONDS) || made.exitValue() != 0) {
			throw new IllegalStateException("keytool: " + output);
		}
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, PASSWORD.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		X509Certificate certificate = (X509Certificate) store.getCertificate("endpoint");
		return new TlsEndpoint(server, certificate.getNotAfter().toInstant());
	}

	/** host:port, as a TCP probe's target. */
	String address() {
		return "127.0.0.1:" + this.server.getLocalPort();
	}

	/** When the certificate ends. */
	Instant notAfter() {
		return this.notAfter;
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				socket.setSoTimeout(5000);
				((SSLSocket) socket).startHandshake();
			}
			catch (IOException ex) {
				// a failed handshake or the server closing; the next client is served
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
