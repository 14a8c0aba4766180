package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;

import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;

/**
 * The suite's images, built from the Dockerfile as users build them and run by a real
 * Docker engine with the pods' settings: UID 10001, a read-only root filesystem with a
 * writable /tmp, every capability dropped, no-new-privileges, and the memory limit of the
 * pods (k8s/components/jvm-service) or, separately, of docker-compose.yml. Two
 * service-a/service-b pairs, one per limit, each on its own network where the services
 * find each other by name. Where Docker Hub is unreachable the base images are the
 * stand-ins of {@code .ci/base-images.sh}; the test says which it ran on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("container")
class ImageTests {

	private static final String FAULT_TOKEN = "image-tests-fault-token-0123456789";

	/**
	 * What the order trio's token checks present to auth-service: containers are no
	 * loopback peers of each other.
	 */
	private static final String INTROSPECTION_SECRET = "image-test-introspection-" + UUID.randomUUID();

	private static final Duration READY = Duration.ofMinutes(3);

	/**
	 * How long the sustained load runs: a minute and a half by default (the heap and the
	 * code cache have long settled by then, and the CI run stays within its budget),
	 * other lengths with -Dimage.load.seconds.
	 */
	private static final int LOAD_SECONDS = Integer.getInteger("image.load.seconds", 90);

	/** How long wrk waits for an answer before it counts a timeout. */
	private static final Duration WRK_TIMEOUT = Duration.ofSeconds(10);

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Docker docker;

	/** The two pairs, by the limit they run with: "pod" and "compose". */
	private final Map<String, Pair> pairs = new LinkedHashMap<>();

	@BeforeAll
	void startBothPairs() throws Exception {
		this.docker = Docker.require();
		System.out.println("[images] base: " + (this.docker.standInBase()
				? "the local stand-in for eclipse-temurin:25 (Debian bookworm + Temurin 25, .ci/base-images.sh)"
				: "eclipse-temurin:25 from Docker Hub"));
		String a = this.docker.image("service-a");
		String b = this.docker.image("service-b");
		this.pairs.put("pod", new Pair(podMemoryLimitMiB(), "1"));
		this.pairs.put("compose", new Pair(composeMemoryLimitMiB(), null));
		for (Map.Entry<String, Pair> entry : this.pairs.entrySet()) {
			Pair pair = entry.getValue();
			pair.network = this.docker.name(entry.getKey());
			List<String> create = new ArrayList<>(List.of("network", "create"));
			create.addAll(this.docker.label());
			create.add(pair.network);
			this.docker.check(create.toArray(String[]::new));
			pair.serviceB = start(b, entry.getKey() + "-b", "service-b", 3002, pair, Map.of());
			// The load below keeps both pairs at their thread cap on two cores, where a
			// call's tail can pass service-a's 3 s read timeout (CI, 2026-12-07: 12
			// answers
			// of 15,999 not a 200, the slowest 4.3 s). This test is about memory under
			// that
			// load, so service-a waits as long as wrk does; what a timeout answers is
			// CallServiceBTests'.
			pair.serviceA = start(a, entry.getKey() + "-a", "service-a", 3001, pair, Map.of("SERVICE_B_URI",
					"http://service-b:3002", "SERVICE_B_READ_TIMEOUT_MS", String.valueOf(WRK_TIMEOUT.toMillis())));
		}
		for (Pair pair : this.pairs.values()) {
			awaitHealthy(pair.serviceB);
			awaitHealthy(pair.serviceA);
		}
	}

	@AfterAll
	void removeContainers() throws Exception {
		if (this.docker != null) {
			this.docker.removeAll();
		}
	}

	@Test
	@Order(1)
	void runsWithThePodsSettingsAndIsHealthyByItsOwnHealthCheck() throws Exception {
		for (Pair pair : this.pairs.values()) {
			for (String container : List.of(pair.serviceA, pair.serviceB)) {
				// Healthy is the Dockerfile's HEALTHCHECK's verdict (awaited in
				// startBothPairs); no test probe.
				assertThat(this.docker.inspect(container, "{{.State.Health.Status}}")).isEqualTo("healthy");
				assertThat(this.docker.check("exec", container, "id", "-u")).isEqualTo("10001");
				assertThat(this.docker.run(Duration.ofSeconds(30), Map.of(), "exec", container, "touch", "/app/x")
					.output()).contains("Read-only file system");
				assertThat(this.docker.run(Duration.ofSeconds(30), Map.of(), "exec", container, "touch", "/tmp/x")
					.exitCode()).isZero();
				assertThat(this.docker.inspect(container, "{{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}}"))
					.isEqualTo("[ALL] [no-new-privileges]");
				assertThat(this.docker.inspect(container, "{{.HostConfig.Memory}}"))
					.isEqualTo(Long.toString(pair.memoryMiB * 1024 * 1024));
				// What the process itself was granted: no capability at all.
				assertThat(this.docker.check("exec", container, "grep", "^CapEff", "/proc/1/status"))
					.endsWith("0000000000000000");
			}
		}
	}

	@Test
	@Order(2)
	void serviceACallsServiceBByNameInOneTraceThatBothContainersLog() throws Exception {
		for (Pair pair : this.pairs.values()) {
			String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(url(pair.serviceA, 3001, "/call-service-b"))
					.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("Service B says: Hello from Service B!");
			// The agent in each container continued the caller's trace and put its id in
			// the JSON log lines.
			JsonNode a = accessLine(pair.serviceA, traceId);
			JsonNode b = accessLine(pair.serviceB, traceId);
			assertThat(a.get("route").asText()).isEqualTo("/call-service-b");
			assertThat(b.get("route").asText()).isEqualTo("/hello");
			assertThat(a.get("span_id").asText()).isNotEqualTo(b.get("span_id").asText());
		}
	}

	@Test
	@Order(3)
	void bothPairsStayUnderTheirMemoryLimitThroughASustainedLoad() throws Exception {
		ExternalTool wrk = ExternalTool.require("wrk", "apt-get install wrk");
		Map<String, CompletableFuture<ExternalTool.Result>> runs = new LinkedHashMap<>();
		// Both pairs at once, 64 connections each (the services' thread cap): the two
		// cores stay busy throughout.
		for (Map.Entry<String, Pair> entry : this.pairs.entrySet()) {
			String target = url(entry.getValue().serviceA, 3001, "/call-service-b").toString();
			runs.put(entry.getKey(), CompletableFuture.supplyAsync(() -> {
				try {
					return wrk.run(null, null, "-t1", "-c64", "-d" + LOAD_SECONDS + "s", "--timeout",
							WRK_TIMEOUT.toSeconds() + "s", target);
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}));
		}
		for (Map.Entry<String, Pair> entry : this.pairs.entrySet()) {
			Pair pair = entry.getValue();
			ExternalTool.Result result = runs.get(entry.getKey()).get(LOAD_SECONDS + 120, TimeUnit.SECONDS);
			assertThat(result.exitCode()).as(result.output()).isZero();
			Matcher requests = Pattern.compile("(\\d+) requests in").matcher(result.output());
			assertThat(requests.find()).as(result.output()).isTrue();
			assertThat(Long.parseLong(requests.group(1))).as(result.output()).isPositive();
			assertThat(result.output())
				.as("every answer a 200, no socket error; service-a's other answers by status: %s",
						statusesOtherThan200(pair.serviceA))
				.doesNotContain("Non-2xx")
				.doesNotContain("Socket errors");
			for (String container : List.of(pair.serviceA, pair.serviceB)) {
				assertThat(this.docker.inspect(container, "{{.State.OOMKilled}} {{.RestartCount}} {{.State.Status}}"))
					.as(container)
					.isEqualTo("false 0 running");
				long peakMiB = peakRssKiB(container) / 1024;
				System.out.printf("[images] %s limit %d MiB: %s peak RSS %d MiB (%.0f %% of the limit); %s%n",
						entry.getKey(), pair.memoryMiB, container, peakMiB, 100.0 * peakMiB / pair.memoryMiB,
						requestsPerSecond(result.output()));
				assertThat(peakMiB).as(container).isLessThan(pair.memoryMiB);
			}
		}
	}

	@Test
	@Order(4)
	void comesBackAfterACrashUnderItsRestartPolicy() throws Exception {
		Pair pair = this.pairs.get("compose");
		double before = startTime(pair.serviceA);
		try {
			http.send(HttpRequest.newBuilder(url(pair.serviceA, 3001, "/crash"))
				.header("Authorization", "Bearer " + FAULT_TOKEN)
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException expected) {
			// The JVM halts while answering: the connection may close without a response.
		}
		awaitRestarted(pair.serviceA);
		awaitHealthy(pair.serviceA);
		assertThat(startTime(pair.serviceA)).isGreaterThan(before);
		assertThat(this.docker.inspect(pair.serviceA, "{{.State.OOMKilled}}")).isEqualTo("false");
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(url(pair.serviceA, 3001, "/call-service-b")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	@Order(5)
	void placesAnOrderWithTheOrderPaymentAndAuthServicesInContainers() throws Exception {
		Pair pair = this.pairs.get("pod");
		String auth = start(this.docker.image("auth-service"), "auth", "auth-service", 8081, pair, Map.of());
		String payment = start(this.docker.image("payment-service"), "payment", "payment-service", 8083, pair,
				Map.of("AUTH_SERVICE_URI", "http://auth-service:8081"));
		String order = start(this.docker.image("order-service"), "order", "order-service", 8082, pair, Map
			.of("AUTH_SERVICE_URI", "http://auth-service:8081", "PAYMENT_SERVICE_URI", "http://payment-service:8083"));
		for (String container : List.of(auth, payment, order)) {
			awaitHealthy(container);
		}
		HttpResponse<String> login = Http.postJson(url(auth, 8081, "/login").toString(),
				"{\"username\":\"demo\",\"password\":\"demo\"}");
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String token = json.readTree(login.body()).get("access_token").asText();
		HttpResponse<String> placed = Http.postJson(url(order, 8082, "/order").toString(),
				"{\"item\":\"book\",\"quantity\":2,\"amount\":25.50,\"currency\":\"EUR\"}", token, null);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		JsonNode body = json.readTree(placed.body());
		assertThat(body.get("status").asText()).isEqualTo("PAID");
		// The H2 default wrote to the writable /tmp of a read-only container, and the
		// payment is the user's.
		HttpResponse<String> payment1 = Http
			.getAuthorized(url(payment, 8083, "/payment/" + body.get("paymentId").asText()).toString(), token);
		assertThat(payment1.statusCode()).as(payment1.body()).isEqualTo(200);
		assertThat(json.readTree(payment1.body()).get("orderId").asText()).isEqualTo(body.get("id").asText());
		this.docker.check("rm", "-f", auth, payment, order);
	}

	@Test
	@Order(6)
	void stopsWithinTheGracePeriodAndFinishesTheRequestsInFlight() throws Exception {
		Pair pair = this.pairs.get("pod");
		HttpResponse<String> slow = Http.postJson(url(pair.serviceB, 3002, "/actuator/faults").toString(),
				"{\"latency\":\"3s\"}", FAULT_TOKEN, null);
		assertThat(slow.statusCode()).as(slow.body()).isEqualTo(200);
		List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			inFlight.add(http.sendAsync(
					HttpRequest.newBuilder(url(pair.serviceB, 3002, "/hello")).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString()));
		}
		Thread.sleep(1000);
		// The pods' grace period; a container still running at its end would be killed
		// (exit 137).
		this.docker.check(Duration.ofMinutes(2), Map.of(), "stop", "--time", "60", pair.serviceB);
		for (CompletableFuture<HttpResponse<String>> request : inFlight) {
			HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("Hello from Service B!");
		}
		assertThat(this.docker.inspect(pair.serviceB, "{{.State.ExitCode}}")).as("not killed").isEqualTo("143");
		assertThat(this.docker.check("logs", pair.serviceB)).contains("Graceful shutdown complete");
	}

	/** What switches the image's AOT cache on (docs/containers.md). */
	static final String AOT_CACHE_OPTIONS = "--add-modules=java.instrument "
			+ "-Xbootclasspath/a:/opt/otel/opentelemetry-javaagent.jar -XX:AOTCache=/app/app.aot "
			+ "-XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining";

	/**
	 * The image's opt-in AOT cache is valid with the agent attached: with
	 * {@code AOTMode=on} the JVM refuses to start rather than run without it, so a ready
	 * container proves the cache was used; the JVM's class log says how many classes came
	 * from it (without it, only the JDK's own archive's). Prints the time to ready with
	 * the cache and without it (the default), with the pods' settings (a figure, not a
	 * limit). With the cache, a traced request proves the agent's instrumentations work.
	 */
	@Test
	@Order(7)
	void startsFromItsOptInAotCacheWithTheAgentAttached() throws Exception {
		Pair pair = this.pairs.get("pod");
		String image = this.docker.image("service-b");
		Map<String, Long> readyMillis = new LinkedHashMap<>();
		Map<String, Long> classesShared = new LinkedHashMap<>();
		for (String mode : List.of("on", "off")) {
			long started = System.nanoTime();
			String container = start(image, "aot-" + mode, "aot-" + mode, 3002, pair,
					Map.of("JDK_JAVA_OPTIONS", (mode.equals("on") ? AOT_CACHE_OPTIONS + " -XX:AOTMode=on " : "")
							+ "-Xlog:class+load=info:file=/tmp/aot.log"));
			String probe = url(container, 3002, "/actuator/health/readiness").toString();
			long deadline = started + READY.toNanos();
			while (!ready(probe) && System.nanoTime() < deadline) {
				if (!this.docker.inspect(container, "{{.State.Status}}").equals("running")) {
					break;
				}
				Thread.sleep(100);
			}
			readyMillis.put(mode, (System.nanoTime() - started) / 1_000_000);
			String log = this.docker.run(Duration.ofSeconds(30), Map.of(), "logs", container).output();
			assertThat(ready(probe)).as("ready with AOTMode=%s:%n%s", mode, log).isTrue();
			assertThat(log).as("the agent is attached").contains("opentelemetry-javaagent - version");
			String aotLog = this.docker.check("exec", container, "cat", "/tmp/aot.log");
			long fromCache = aotLog.lines().filter((line) -> line.contains("source: shared objects file")).count();
			classesShared.put(mode, fromCache);
			if (mode.equals("on")) {
				// The agent no longer appends itself to the boot class path, which
				// switched class-data sharing off for every class but the JDK's.
				assertThat(log).doesNotContain("Sharing is only supported for boot loader classes");
				assertThat(fromCache).as("classes loaded from the AOT cache").isGreaterThan(5_000);
				// The agent's instrumentations work from the cache: a caller's trace is
				// continued, and its id reaches the log line and the latency exemplar.
				String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
				assertThat(http
					.send(HttpRequest.newBuilder(url(container, 3002, "/hello"))
						.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
						.build(), HttpResponse.BodyHandlers.ofString())
					.statusCode()).isEqualTo(200);
				assertThat(accessLine(container, traceId).get("span_id").asText()).matches("[0-9a-f]{16}")
					.isNotEqualTo("00f067aa0ba902b7");
				Scrape scrape = Scrape.parse(Http
					.get(url(container, 3002, "/metrics").toString(), "application/openmetrics-text;version=1.0.0")
					.body());
				assertThat(scrape.samples("http_request_duration_seconds_bucket"))
					.anySatisfy((sample) -> assertThat(sample.exemplar().get("trace_id")).isEqualTo(traceId));
			}
			this.docker.check("rm", "-f", container);
		}
		// Without the opt-in, only the JDK's own archive is shared (boot loader classes).
		assertThat(classesShared.get("off")).as("classes shared without the opt-in")
			.isLessThan(classesShared.get("on") / 2);
		System.out.printf(Locale.ROOT,
				"[images] service-b loaded %d classes from its AOT cache, %d from the JDK's archive without it%n",
				classesShared.get("on"), classesShared.get("off"));
		System.out.printf(Locale.ROOT,
				"[images] service-b ready after %d ms with the opt-in AOT cache, %d ms without (%.2f)%n",
				readyMillis.get("on"), readyMillis.get("off"), readyMillis.get("on") / (double) readyMillis.get("off"));
	}

	private static boolean ready(String url) {
		try {
			return Http.getWithin(url, Duration.ofSeconds(2)).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Starts {@code image} with the pods' settings and the pair's memory limit, under the
	 * restart policy of compose.
	 */
	private String start(String image, String name, String alias, int port, Pair pair, Map<String, String> environment)
			throws IOException, InterruptedException {
		String container = this.docker.name(name);
		List<String> run = new ArrayList<>(List.of("run", "-d", "--name", container));
		run.addAll(this.docker.label());
		run.addAll(List.of("--network", pair.network, "--network-alias", alias, "-p", "127.0.0.1::" + port,
				"--read-only", "--tmpfs", "/tmp:rw,exec,size=256m", "--cap-drop", "ALL", "--security-opt",
				"no-new-privileges", "--memory", pair.memoryMiB + "m", "--memory-swap", pair.memoryMiB + "m",
				"--restart", "unless-stopped", "-e", "DEMO_FAULTROUTES_TOKEN=" + FAULT_TOKEN, "-e",
				"AUTH_INTROSPECTION_SECRET=" + INTROSPECTION_SECRET));
		if (pair.cpus != null) {
			run.addAll(List.of("--cpus", pair.cpus));
		}
		environment.forEach((key, value) -> run.addAll(List.of("-e", key + "=" + value)));
		run.add(image);
		this.docker.check(run.toArray(String[]::new));
		return container;
	}

	private void awaitHealthy(String container) throws Exception {
		long deadline = System.nanoTime() + READY.toNanos();
		String status = "";
		while (System.nanoTime() < deadline) {
			status = this.docker.inspect(container, "{{.State.Status}} {{.State.Health.Status}}");
			if (status.equals("running healthy")) {
				return;
			}
			Thread.sleep(1000);
		}
		throw new AssertionError(container + " not healthy within " + READY + " (" + status + "):\n"
				+ this.docker.run(Duration.ofSeconds(30), Map.of(), "logs", "--tail", "40", container).output());
	}

	private void awaitRestarted(String container) throws Exception {
		long deadline = System.nanoTime() + READY.toNanos();
		while (System.nanoTime() < deadline) {
			if (Integer.parseInt(this.docker.inspect(container, "{{.RestartCount}}")) >= 1) {
				return;
			}
			Thread.sleep(500);
		}
		throw new AssertionError(container + " was not restarted within " + READY);
	}

	/** How many of a container's access log lines have each status other than 200. */
	private Map<String, Long> statusesOtherThan200(String container) throws Exception {
		Map<String, Long> statuses = new java.util.TreeMap<>();
		for (String line : this.docker.check("logs", container).lines().toList()) {
			if (line.startsWith("{")) {
				JsonNode node = json.readTree(line);
				String status = node.path("status").asText();
				if ("http.access".equals(node.path("logger").asText()) && !"200".equals(status)) {
					statuses.merge(status, 1L, Long::sum);
				}
			}
		}
		return statuses;
	}

	/**
	 * The access-log line of the request with {@code traceId}, from the container's JSON
	 * logs, within 10 s: the line is written as the request completes, which can be just
	 * after the client has its response, and Docker's log copy lags a little behind.
	 */
	private JsonNode accessLine(String container, String traceId) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		do {
			for (String line : this.docker.check("logs", container).lines().toList()) {
				if (line.startsWith("{") && line.contains(traceId)) {
					JsonNode node = json.readTree(line);
					if ("http.access".equals(node.path("logger").asText())) {
						assertThat(node.get("trace_id").asText()).isEqualTo(traceId);
						return node;
					}
				}
			}
			Thread.sleep(200);
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError(container + " logged no access line with trace id " + traceId + " within 10 s");
	}

	private double startTime(String container) throws Exception {
		HttpResponse<String> metrics = http.send(
				HttpRequest.newBuilder(url(container, portOf(container), "/metrics")).build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher matcher = Pattern.compile("(?m)^process_start_time_seconds\\{[^}]*} (\\S+)$").matcher(metrics.body());
		assertThat(matcher.find()).as(metrics.body()).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private int portOf(String container) throws IOException, InterruptedException {
		return Integer.parseInt(this.docker.check("port", container).split("/")[0]);
	}

	/**
	 * The JVM's peak resident set (VmHWM) of the container's PID 1, read inside the
	 * container, so it works where the engine runs in a VM too (Docker Desktop).
	 */
	private long peakRssKiB(String container) throws Exception {
		String line = this.docker.check("exec", container, "grep", "^VmHWM:", "/proc/1/status");
		return Long.parseLong(line.replaceAll("\\D", ""));
	}

	private static String requestsPerSecond(String wrkOutput) {
		Matcher matcher = Pattern.compile("Requests/sec:\\s+(\\S+)").matcher(wrkOutput);
		return matcher.find() ? matcher.group(1) + " requests/s through service-a" : "";
	}

	private URI url(String container, int port, String path) throws IOException, InterruptedException {
		return URI.create("http://" + this.docker.hostAddress(container, port) + path);
	}

	/** The pods' memory limit, from the manifest the pods are made of (e.g. 640Mi). */
	@SuppressWarnings("unchecked")
	private static long podMemoryLimitMiB() throws IOException {
		Map<String, Object> deployment = new Yaml()
			.load(Files.readString(Manifests.ROOT.resolve("k8s/components/jvm-service/pod.yaml")));
		Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template");
		List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("spec"))
			.get("containers");
		Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) containers.get(0).get("resources"))
			.get("limits");
		return mebibytes(limits.get("memory").toString(), "Mi");
	}

	/** The suite services' memory limit in docker-compose.yml (e.g. 440m). */
	@SuppressWarnings("unchecked")
	private static long composeMemoryLimitMiB() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Manifests.ROOT.resolve("docker-compose.yml")));
		Map<String, Object> serviceA = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
			.get("service-a");
		return mebibytes(serviceA.get("mem_limit").toString(), "m");
	}

	private static long mebibytes(String quantity, String suffix) {
		assertThat(quantity).endsWith(suffix);
		return Long.parseLong(quantity.substring(0, quantity.length() - suffix.length()));
	}

	/** One service-a/service-b pair on its own network, with one memory limit. */
	private static final class Pair {

		final long memoryMiB;

		final String cpus;

		String network;

		String serviceA;

		String serviceB;

		Pair(long memoryMiB, String cpus) {
			this.memoryMiB = memoryMiB;
			this.cpus = cpus;
		}

	}

}
