package dev.o11ydemo.loadtest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The benchmark's modes: what each name switches in the services it starts. */
class BenchmarkTests {

	@Test
	void agentAndNoAgentDifferOnlyInTheAgent() {
		assertThat(Benchmark.Mode.of("agent").agent()).isTrue();
		assertThat(Benchmark.Mode.of("agent").environment()).isEmpty();
		assertThat(Benchmark.Mode.of("no agent").agent()).isFalse();
		assertThat(Benchmark.Mode.of("no agent").environment()).isEmpty();
	}

	@Test
	void namedChangesSwitchTheAccessLogTheFeignClientOrTheAgentsInstrumentations() {
		assertThat(Benchmark.Mode.of("agent no access log").environment())
			.containsExactlyEntriesOf(Map.of("OBSERVABILITY_LOGGING_ACCESSLOG", "false"));
		Benchmark.Mode urlConnection = Benchmark.Mode.of("agent urlconnection");
		assertThat(urlConnection.agent()).isTrue();
		assertThat(urlConnection.environment())
			.containsExactlyEntriesOf(Map.of("SPRING_CLOUD_OPENFEIGN_HTTPCLIENT_HC5_ENABLED", "false"));
		Benchmark.Mode all = Benchmark.Mode.of("agent all instrumentations");
		assertThat(all.agent()).isTrue();
		assertThat(all.environment())
			.containsExactlyEntriesOf(Map.of("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "true"));
	}

	@Test
	void aWordWithAnEqualsSignSetsThatVariableForEveryService() {
		Benchmark.Mode servlet = Benchmark.Mode.of("agent OTEL_INSTRUMENTATION_SERVLET_ENABLED=false");
		assertThat(servlet.agent()).isTrue();
		assertThat(servlet.environment())
			.containsExactlyEntriesOf(Map.of("OTEL_INSTRUMENTATION_SERVLET_ENABLED", "false"));
		assertThat(Benchmark.Mode.of("no agent JAVA_OPTS= aot").environment()).containsEntry("JAVA_OPTS", "")
			.containsEntry("SERVICE_AOT", "auto");
	}

	@Test
	void aotStartsTheServicesFromTheirCacheWithOrWithoutTheAgent() {
		Benchmark.Mode aot = Benchmark.Mode.of("agent aot");
		assertThat(aot.agent()).isTrue();
		assertThat(aot.environment()).containsExactlyEntriesOf(Map.of("SERVICE_AOT", "auto"));
		assertThat(Benchmark.Mode.of("no agent aot").agent()).isFalse();
		assertThat(Benchmark.Mode.of("no agent aot").environment())
			.containsExactlyEntriesOf(Map.of("SERVICE_AOT", "auto"));
	}

	@Test
	void jvmDefaultsDropThePodsSettings() {
		assertThat(Benchmark.Mode.of("agent").jvmDefaults()).isFalse();
		Benchmark.Mode defaults = Benchmark.Mode.of("no agent jvm defaults");
		assertThat(defaults.jvmDefaults()).isTrue();
		assertThat(defaults.agent()).isFalse();
	}

	@Test
	void theDefaultRunMeasuresEachSetUpWithAndWithoutTheAgentAndTheCacheOnlyFromJava25() {
		assertThat(Benchmark.Mode.defaults(17).split(",")).containsExactly("jvm defaults", "no agent jvm defaults",
				"agent", "no agent", "agent all instrumentations");
		assertThat(Benchmark.Mode.defaults(25).split(",")).endsWith("agent aot", "no agent aot").hasSize(7);
	}

}
