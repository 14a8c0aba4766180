package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Prerequisites;

/**
 * Another host of the cluster, for real: a client in a network namespace this test
 * creates ({@code ip netns add} and a veth pair, private addresses of their own, as a pod
 * has) sends the fault controls requests whose forwarded headers name loopback. Two
 * service-b processes listen on the host side:
 * <ul>
 * <li>one started with a pod's environment ({@code KUBERNETES_SERVICE_HOST}, no fault
 * token), where Spring Boot trusts forwarded headers from private addresses;</li>
 * <li>one off Kubernetes with the same trust turned on
 * ({@code SERVER_FORWARD_HEADERS_STRATEGY=native}), whose controls loopback clients may
 * use.</li>
 * </ul>
 * Neither changes a fault or ends its process for the other host, whatever the headers
 * say. Needs root for {@code ip netns}: skipped with a message elsewhere, failed in CI.
 */
class InClusterSpoofTests {

	private static final String NAMESPACE = "o11y-spoof-" + ProcessHandle.current().pid();

	private static final String HOST_LINK = "o11ys" + (ProcessHandle.current().pid() % 100000) + "h";

	/** The host side of the veth pair, where the services are reached. */
	private static final String HOST_ADDRESS = "10.254.27.1";

	private static final String CLIENT_ADDRESS = "10.254.27.2";

	private static ServiceProcess pod;

	private static ServiceProcess forwarding;

	private static boolean namespaceMade;

	@BeforeAll
	static void startTheOtherHostAndTheServices() throws Exception {
		namespaceMade = makeNamespace();
		if (!namespaceMade) {
			Prerequisites.missing("ip netns needs root and iproute2: InClusterSpoofTests did not run");
		}
		pod = ServiceProcess.start("service-b", "spoof-pod-service-b",
				Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));
		forwarding = ServiceProcess.start("service-b", "spoof-forwarding-service-b",
				Map.of("SERVER_FORWARD_HEADERS_STRATEGY", "native"));
	}

	@AfterAll
	static void stop() throws Exception {
		for (ServiceProcess service : new ServiceProcess[] { pod, forwarding }) {
			if (service != null) {
				service.close();
			}
		}
		if (namespaceMade) {
			// Deleting the namespace deletes the veth pair with it.
			ip("netns", "del", NAMESPACE);
		}
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|',
			value = { "X-Forwarded-For|127.0.0.1", "X-Forwarded-For|::1", "X-Forwarded-For|203.0.113.5, 127.0.0.1",
					"Forwarded|for=127.0.0.1", "Forwarded|for=\"[::1]\"", "X-Real-IP|127.0.0.1", "X-Real-IP|::1" })
	void anotherHostNamingLoopbackInAForwardedHeaderChangesNothing(String header, String value) throws Exception {
		for (ServiceProcess service : List.of(pod, forwarding)) {
			String faults = fromTheOtherHost(service.port(),
					"POST /actuator/faults HTTP/1.1\r\nHost: service-b\r\n" + header + ": " + value
							+ "\r\nContent-Type: application/json\r\nContent-Length: 20\r\n"
							+ "Connection: close\r\n\r\n{\"failureRatio\":1.0}");
			assertThat(faults).as("%s, fault change", (service == pod ? "on Kubernetes" : "forwarding"))
				.startsWith("HTTP/1.1 403");
			String crash = fromTheOtherHost(service.port(), "GET /crash HTTP/1.1\r\nHost: service-b\r\n" + header + ": "
					+ value + "\r\nConnection: close\r\n\r\n");
			assertThat(crash).as("%s, /crash", (service == pod ? "on Kubernetes" : "forwarding"))
				.startsWith("HTTP/1.1 403");
			assertThat(service.isAlive()).isTrue();
			assertThat(service.get("/actuator/faults").body()).contains("\"failureRatio\":0.0");
		}
	}

	@Test
	void onKubernetesWithoutATokenNotEvenLoopbackIsServed() throws Exception {
		assertThat(Http.send("POST", pod.url("/actuator/faults"), "application/json", "{\"failureRatio\":1.0}")
			.statusCode()).isEqualTo(403);
		assertThat(pod.get("/actuator/faults").body()).contains("\"failureRatio\":0.0");
	}

	/** The 403s above are the other host's: this host's own loopback client is served. */
	@Test
	void offKubernetesTheSameRequestFromThisHostIsServed() throws Exception {
		assertThat(Http.send("POST", forwarding.url("/actuator/faults"), "application/json", "{\"failureRatio\":0.5}")
			.statusCode()).isEqualTo(200);
		assertThat(Http.send("DELETE", forwarding.url("/actuator/faults")).statusCode()).isEqualTo(200);
	}

	/** Sends {@code request} from inside the namespace and returns what came back. */
	private static String fromTheOtherHost(int port, String request) throws Exception {
		Process client = new ProcessBuilder("ip", "netns", "exec", NAMESPACE, "bash", "-c",
				"exec 3<>/dev/tcp/" + HOST_ADDRESS + "/" + port + " && cat >&3 && timeout 10 cat <&3")
			.redirectErrorStream(true)
			.start();
		client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
		client.getOutputStream().close();
		if (!client.waitFor(20, TimeUnit.SECONDS)) {
			client.destroyForcibly();
			fail("no answer from the other host within 20 s");
		}
		return new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	/**
	 * The namespace, its end of a veth pair ({@value #CLIENT_ADDRESS}) and the host's end
	 * ({@value #HOST_ADDRESS}); false where {@code ip netns} is not allowed.
	 */
	private static boolean makeNamespace() throws Exception {
		if (!ip("netns", "add", NAMESPACE)) {
			return false;
		}
		String clientLink = HOST_LINK.substring(0, HOST_LINK.length() - 1) + "c";
		boolean made = ip("link", "add", HOST_LINK, "type", "veth", "peer", "name", clientLink)
				&& ip("link", "set", clientLink, "netns", NAMESPACE)
				&& ip("addr", "add", HOST_ADDRESS + "/30", "dev", HOST_LINK) && ip("link", "set", HOST_LINK, "up")
				&& ip("netns", "exec", NAMESPACE, "ip", "addr", "add", CLIENT_ADDRESS + "/30", "dev", clientLink)
				&& ip("netns", "exec", NAMESPACE, "ip", "link", "set", clientLink, "up")
				&& ip("netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up");
		if (!made) {
			ip("link", "del", HOST_LINK);
			ip("netns", "del", NAMESPACE);
		}
		return made;
	}

	private static boolean ip(String... arguments) throws IOException, InterruptedException {
		String[] command = new String[arguments.length + 1];
		command[0] = "ip";
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			boolean ok = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
			if (!ok) {
				System.err.println("ip " + String.join(" ", arguments) + ": " + output.strip());
			}
			return ok;
		}
		catch (IOException noIpCommand) {
			return false;
		}
	}

}
