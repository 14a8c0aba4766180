package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
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
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import dev.o11ydemo.testsupport.Http;

/**
 * The compose stack for real, platform included: built from the Dockerfile, started by
 * docker compose, and asked through Prometheus, Jaeger and Alertmanager's own APIs. It
 * needs the platform's upstream images, so it runs where they can be pulled (a GitHub
 * runner, a workstation) and is skipped where they cannot (an offline CI machine, where
 * {@link ComposeSuiteTests} runs the suite's own services in compose,
 * {@link ComposeTests} checks every file, and the end-to-end suite proves the same
 * signals with the same rules against a real Prometheus and Alertmanager).
 */
@EnabledIf(value = "upstreamImagesCanBePulled",
		disabledReason = "no Docker engine answers, or the platform's upstream images cannot be pulled here")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("container")
class ComposeStackTests {

	private static final Duration STARTUP = Duration.ofMinutes(20);

	private static final String FAULT_TOKEN = "compose-stack-test-fault-token";

	private static final ObjectMapper json = new ObjectMapper();

	static final ComposeContainer stack = new ComposeContainer(Manifests.ROOT.resolve("docker-compose.yml").toFile(),
			Manifests.ROOT.resolve("docker-compose.override.yml").toFile())
		.withBuild(true)
		.withRemoveVolumes(true)
		.withEnv("FAULT_TOKEN", FAULT_TOKEN)
		.withExposedService("service-a", 3001, Wait.forHttp("/actuator/health/readiness").withStartupTimeout(STARTUP))
		.withExposedService("service-b", 3002, Wait.forHttp("/actuator/health/readiness").withStartupTimeout(STARTUP))
		.withExposedService("order-service", 8082,
				Wait.forHttp("/actuator/health/readiness").withStartupTimeout(STARTUP))
		.withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").withStartupTimeout(STARTUP))
		.withExposedService("alertmanager", 9093, Wait.forHttp("/-/ready").withStartupTimeout(STARTUP))
		.withExposedService("jaeger", 16686, Wait.forHttp("/").withStartupTimeout(STARTUP))
		.withStartupTimeout(STARTUP);

	// Started here rather than by Testcontainers' extension, whose Docker check pulls an
	// image of its own first and
	// waits on an offline machine instead of skipping.
	@BeforeAll
	static void up() {
		stack.start();
	}

	@AfterAll
	static void down() {
		stack.stop();
	}

	@Test
	@Order(1)
	void prometheusScrapesAllFiveServices() throws Exception {
		JsonNode targets = await(Duration.ofMinutes(3), () -> {
			JsonNode active = get("prometheus", 9090, "/api/v1/targets?state=active").at("/data/activeTargets");
			long up = 0;
			for (JsonNode target : active) {
				up += "up".equals(target.get("health").asText()) ? 1 : 0;
			}
			return (up == Manifests.suiteServices().size()) ? active : null;
		});
		Set<String> jobs = new HashSet<>();
		targets.forEach((target) -> jobs.add(target.at("/labels/job").asText()));
		assertThat(jobs).isEqualTo(Manifests.suiteServices().keySet());
	}

	@Test
	@Order(2)
	void jaegerHoldsATraceSpanningServiceAAndServiceB() throws Exception {
		assertThat(Http.get(url("service-a", 3001, "/call-service-b")).statusCode()).isEqualTo(200);
		Set<String> services = await(Duration.ofMinutes(2), () -> {
			for (JsonNode trace : get("jaeger", 16686, "/api/traces?service=service-a&limit=50").path("data")) {
				Set<String> names = new HashSet<>();
				trace.path("processes").forEach((process) -> names.add(process.get("serviceName").asText()));
				if (names.contains("service-b")) {
					return names;
				}
			}
			return null;
		});
		assertThat(services).contains("service-a", "service-b");
	}

	@Test
	@Order(3)
	void threeCrashesFireServiceRestartingInAlertmanager() throws Exception {
		for (int crash = 1; crash <= 3; crash++) {
			double before = startTime();
			try {
				Http.getWithHeader(url("service-b", 3002, "/crash"), "Authorization", "Bearer " + FAULT_TOKEN);
			}
			catch (IOException expected) {
				// The JVM halts while answering: the connection may close without a
				// response.
			}
			// Restarted by Docker and scraped by Prometheus with its new start time.
			await(Duration.ofMinutes(3), () -> (startTime() > before) ? Boolean.TRUE : null);
		}
		JsonNode alert = await(Duration.ofMinutes(3), () -> {
			for (JsonNode candidate : get("alertmanager", 9093,
					"/api/v2/alerts?filter=alertname%3D%22ServiceRestarting%22")) {
				if ("service-b".equals(candidate.at("/labels/application").asText())) {
					return candidate;
				}
			}
			return null;
		});
		assertThat(alert.at("/labels/severity").asText()).isEqualTo("critical");
	}

	/**
	 * Whether an engine answers and every image of docker-compose.override.yml is on it
	 * already or can be pulled.
	 */
	static boolean upstreamImagesCanBePulled() throws Exception {
		if (Docker.execute(List.of("docker", "info"), Duration.ofSeconds(30), Map.of()).exitCode() != 0) {
			return false;
		}
		Matcher image = Pattern.compile("(?m)^    image: (\\S+)$")
			.matcher(Files.readString(Manifests.ROOT.resolve("docker-compose.override.yml")));
		while (image.find()) {
			Duration pull = Duration.ofMinutes(5);
			if (Docker.execute(List.of("docker", "image", "inspect", image.group(1)), pull, Map.of()).exitCode() != 0
					&& Docker.execute(List.of("docker", "pull", "-q", image.group(1)), pull, Map.of())
						.exitCode() != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * service-b's JVM start time as Prometheus last scraped it (0 before the first
	 * scrape).
	 */
	private static double startTime() throws Exception {
		JsonNode result = get("prometheus", 9090,
				"/api/v1/query?query=process_start_time_seconds%7Bjob%3D%22service-b%22%7D")
			.at("/data/result");
		return result.isEmpty() ? 0 : result.get(0).at("/value/1").asDouble();
	}

	private static JsonNode get(String service, int port, String path) throws Exception {
		HttpResponse<String> response = Http.get(url(service, port, path));
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static String url(String service, int port, String path) {
		return "http://" + stack.getServiceHost(service, port) + ":" + stack.getServicePort(service, port) + path;
	}

	private static <T> T await(Duration timeout, Callable<T> condition) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			T value;
			try {
				value = condition.call();
			}
			catch (IOException ex) {
				value = null;
			}
			if (value != null) {
				return value;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not reached within " + timeout);
			}
			Thread.sleep(2000);
		}
	}

}
