package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Prerequisites;
import dev.o11ydemo.testsupport.ServiceLauncher;
import dev.o11ydemo.testsupport.Topology;

/**
 * The README's first command as a newcomer runs it, with the local monitoring on:
 * {@code ./run.sh --with-prometheus} starts every service of the topology on its own
 * port, wired to the others, and Prometheus (scraping them with the suite's rules) and
 * Alertmanager on theirs, says when all are ready, and stops them all when it is stopped.
 */
class RunScriptTests {

	private static final Path ROOT = Topology.root();

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Prometheus' and Alertmanager's ports in ./run.sh. */
	private static final List<Integer> MONITORING_PORTS = List.of(9090, 9093);

	@Test
	void startsEveryServiceWiredOnItsPortWithPrometheusAndItsRulesAndStopsThemAll() throws Exception {
		MonitoringProcess.requireTools();
		Topology topology = Topology.read();
		for (Topology.Service service : topology.services()) {
			Prerequisites.require(ServiceLauncher.isFree(service.port()),
					"port " + service.port() + " is taken (is ./run.sh already running?)");
		}
		for (int port : MONITORING_PORTS) {
			Prerequisites.require(ServiceLauncher.isFree(port), "port " + port + " is taken");
		}
		Path output = Files.createTempFile("run-sh", ".log");
		ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("run.sh").toString(), "--with-prometheus")
			.directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().keySet().removeIf((key) -> key.startsWith("OTEL_") || key.endsWith("_URI"));
		Process run = builder.start();
		try {
			long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
			while (!Files.readString(output).contains("The suite is running") && run.isAlive()
					&& System.nanoTime() < deadline) {
				Thread.sleep(500);
			}
			String said = Files.readString(output);
			assertThat(said).as(said)
				.containsPattern(
						"The suite is running: " + topology.services().size() + " services ready after \\d+ s");
			for (Topology.Service service : topology.services()) {
				assertThat(Http.get(Http.loopback(service.port(), "/actuator/health/readiness")).statusCode())
					.as(service.name())
					.isEqualTo(200);
			}
			// service-a finds service-b through the wiring run.sh derives from the
			// topology.
			assertThat(Http.get(Http.loopback(topology.service("service-a").port(), "/call-service-b")).statusCode())
				.isEqualTo(200);

			assertThat(said).contains("http://localhost:9090/alerts").contains("http://localhost:9093");
			assertThat(Http.get(Http.loopback(9093, "/-/ready")).statusCode()).isEqualTo(200);
			JsonNode rules = json.readTree(Http.get(Http.loopback(9090, "/api/v1/rules?type=alert")).body());
			assertThat(rules.findValues("name")).extracting(JsonNode::asString)
				.contains("HighErrorRate", "ServiceDown", "JvmHeapSaturation");
			// Every service's job is scraped and up within a scrape interval or two.
			deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			Set<String> up = Set.of();
			while (!up.containsAll(topology.names()) && System.nanoTime() < deadline) {
				Thread.sleep(1000);
				up = upJobs();
			}
			assertThat(up).containsAll(topology.names());
			JsonNode alertmanagers = json.readTree(Http.get(Http.loopback(9090, "/api/v1/alertmanagers")).body())
				.path("data")
				.path("activeAlertmanagers");
			assertThat(alertmanagers.findValues("url")).extracting(JsonNode::asString)
				.containsExactly("http://127.0.0.1:9093/api/v2/alerts");
		}
		finally {
			// What Ctrl-C's signal does to the script: its trap stops every service.
			run.destroy();
			assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run.sh stopped").isTrue();
		}
		assertThat(Files.readString(output)).contains("Stopped.");
		for (Topology.Service service : topology.services()) {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!ServiceLauncher.isFree(service.port()) && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			assertThat(ServiceLauncher.isFree(service.port())).as("%s stopped", service.name()).isTrue();
		}
		for (int port : MONITORING_PORTS) {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!ServiceLauncher.isFree(port) && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			assertThat(ServiceLauncher.isFree(port)).as("port %d freed", port).isTrue();
		}
	}

	/** The jobs whose every target Prometheus scrapes successfully. */
	private static Set<String> upJobs() throws Exception {
		Set<String> jobs = new TreeSet<>();
		JsonNode result = json.readTree(Http.get(Http.loopback(9090, "/api/v1/query?query=up%3D%3D1")).body())
			.path("data")
			.path("result");
		result.forEach((sample) -> jobs.add(sample.path("metric").path("job").asString()));
		return jobs;
	}

}
