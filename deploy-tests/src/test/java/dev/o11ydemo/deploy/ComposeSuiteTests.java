package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docker-compose.yml on its own, as the README's "only the suite" command runs it: the
 * five services built and started by docker compose (v2 where the CLI has it, else v1) on
 * a real engine, healthy by the image's own HEALTHCHECK, and the load generator's journey
 * scenario passing against the ports they publish. The platform of
 * docker-compose.override.yml needs upstream images that cannot be pulled here;
 * {@link ComposeStackTests} runs it where they can.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("container")
class ComposeSuiteTests {

	private static final String FAULT_TOKEN = "compose-suite-test-fault-token";

	private static final Duration READY = Duration.ofMinutes(4);

	private Docker docker;

	private List<String> compose;

	private Map<String, String> environment;

	@BeforeAll
	void upWithTheSuiteFileAlone() throws Exception {
		this.docker = Docker.require();
		boolean v2 = this.docker.run(Duration.ofSeconds(30), Map.of(), "compose", "version").exitCode() == 0;
		this.compose = new ArrayList<>(v2 ? List.of("docker", "compose") : List.of("docker-compose"));
		this.compose.addAll(List.of("-f", "docker-compose.yml", "-p", this.docker.name("compose")));
		// v1 builds through the docker CLI (and so with BuildKit) only when asked to; v2
		// always does.
		this.environment = Map.of("COMPOSE_DOCKER_CLI_BUILD", "1", "DOCKER_BUILDKIT", "1", "FAULT_TOKEN", FAULT_TOKEN);
		Docker.Result up = compose(Duration.ofMinutes(20), "up", "-d", "--build");
		assertThat(up.exitCode()).as(up.output()).isZero();
	}

	@AfterAll
	void down() throws Exception {
		if (this.compose != null) {
			compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
		}
	}

	@Test
	void theFiveServicesStartHealthyWithoutThePlatform() throws Exception {
		Map<String, String> health = awaitHealthy();
		assertThat(health.keySet()).isEqualTo(Manifests.suiteServices().keySet());
		assertThat(health.values()).containsOnly("running healthy");
	}

	@Test
	void theJourneyScenarioPassesAgainstThem() throws Exception {
		awaitHealthy();
		Docker.Result journey = Docker.execute(
				List.of("bash", "load-test/run.sh", "local", "journey", "--rate", "2", "--duration", "15s"),
				Duration.ofMinutes(10), Map.of());
		assertThat(journey.exitCode()).as(journey.output()).isZero();
		assertThat(journey.output()).containsPattern("(?m)^POST /order +[0-9,]+ +0 ")
			.containsPattern("(?m)^GET /payment/\\{id} +[0-9,]+ +0 ");
	}

	/**
	 * Each compose service's state and health, once every container is running and
	 * healthy (or the time is up).
	 */
	private Map<String, String> awaitHealthy() throws Exception {
		long deadline = System.nanoTime() + READY.toNanos();
		Map<String, String> health = new TreeMap<>();
		while (System.nanoTime() < deadline) {
			health.clear();
			Docker.Result ids = compose(Duration.ofSeconds(60), "ps", "-q");
			for (String id : ids.stdout().strip().split("\\s+")) {
				if (!id.isEmpty()) {
					String[] state = this.docker.inspect(id,
							"{{index .Config.Labels \"com.docker.compose.service\"}} {{.State.Status}} {{.State.Health.Status}}")
						.split(" ", 2);
					health.put(state[0], state[1]);
				}
			}
			if (!health.isEmpty() && health.values().stream().allMatch("running healthy"::equals)) {
				return health;
			}
			Thread.sleep(2000);
		}
		return health;
	}

	private Docker.Result compose(Duration timeout, String... args) throws Exception {
		List<String> command = new ArrayList<>(this.compose);
		command.addAll(List.of(args));
		return Docker.execute(command, timeout, this.environment);
	}

}
