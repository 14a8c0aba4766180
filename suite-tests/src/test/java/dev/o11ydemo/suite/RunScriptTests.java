package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.ServiceLauncher;
import dev.o11ydemo.testsupport.Topology;

/**
 * The README's first command as a newcomer runs it: {@code ./run.sh} starts every service
 * of the topology on its own port, wired to the others, says when all are ready, and
 * stops them all when it is stopped.
 */
class RunScriptTests {

	private static final Path ROOT = Topology.root();

	@Test
	void startsEveryServiceWiredOnItsPortAndStopsThemAll() throws Exception {
		Topology topology = Topology.read();
		for (Topology.Service service : topology.services()) {
			Assumptions.assumeTrue(ServiceLauncher.isFree(service.port()),
					"port " + service.port() + " is taken (is ./run.sh already running?): skipped");
		}
		Path output = Files.createTempFile("run-sh", ".log");
		ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("run.sh").toString()).directory(ROOT.toFile())
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
	}

}
