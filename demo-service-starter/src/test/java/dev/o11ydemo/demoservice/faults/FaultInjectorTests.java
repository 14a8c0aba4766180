package dev.o11ydemo.demoservice.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.o11ydemo.demoservice.faults.FaultInjector.Change;
import dev.o11ydemo.demoservice.faults.FaultInjector.DependencyFault;
import dev.o11ydemo.demoservice.faults.FaultInjector.Kind;
import dev.o11ydemo.demoservice.faults.FaultInjector.Settings;

class FaultInjectorTests {

	private static final Kind LATENCY = FaultSetting.LATENCY.kind();

	private static final Kind FAILURE = FaultSetting.FAILURE_RATIO.kind();

	private static final Kind CPU = FaultSetting.CPU.kind();

	private static final Kind READINESS = FaultSetting.READY.kind();

	private static final Settings DEFAULTS = settings(Duration.ofMillis(10), 0.1, 0, true);

	private final List<Settings> applied = new CopyOnWriteArrayList<>();

	private final FaultInjector injector = new FaultInjector(DEFAULTS, () -> Set.of("payment-service"),
			Clock.systemUTC(), List.of(this.applied::add));

	@AfterEach
	void close() {
		this.injector.close();
	}

	@Test
	void updatesOnlyWhatIsGiven() {
		assertThat(this.injector.update(change(null, 0.5, null, null)))
			.isEqualTo(settings(Duration.ofMillis(10), 0.5, 0, true));
		assertThat(this.injector.update(change(Duration.ZERO, null, 0.25, false)))
			.isEqualTo(settings(Duration.ZERO, 0.5, 0.25, false));
	}

	@Test
	void resetRestoresTheConfiguredDefaults() {
		this.injector.update(change(Duration.ofSeconds(3), 1.0, 1.0, false));
		this.injector.update(dependency("payment-service", Duration.ofSeconds(1), 0.5, null));
		assertThat(this.injector.reset()).isEqualTo(DEFAULTS);
		assertThat(this.injector.current().active()).containsExactlyInAnyOrder(LATENCY, FAILURE);
	}

	@Test
	void ratioZeroNeverFailsAndOneAlwaysFails() {
		this.injector.update(change(null, 0.0, null, null));
		for (int i = 0; i < 1000; i++) {
			assertThat(this.injector.shouldFail()).isFalse();
		}
		this.injector.update(change(null, 1.0, null, null));
		for (int i = 0; i < 1000; i++) {
			assertThat(this.injector.shouldFail()).isTrue();
		}
	}

	@Test
	void rejectsOutOfRangeSettingsAndChangesNothing() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.injector.update(change(null, -0.1, null, null)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector.update(change(null, Double.NaN, null, null)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector.update(change(Duration.ofMinutes(2), null, null, null)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector.update(change(Duration.ofMillis(-1), null, null, null)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.injector.update(change(null, null, 1.5, null)))
			.withMessageContaining("cpu");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector.update(dependency("payment-service", null, 2.0, null)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector
				.update(new Change(Map.of(FaultSetting.LATENCY, Duration.ZERO), null, null, null, Duration.ofDays(2))))
			.withMessageContaining("duration");
		assertThat(this.injector.current()).isEqualTo(DEFAULTS);
	}

	@Test
	void dependencyFaultsNameOneOfTheServicesCalled() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector.update(dependency("billing", Duration.ofSeconds(1), null, null)))
			.withMessageContaining("payment-service");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector.update(new Change(Map.of(), null, Duration.ofSeconds(1), null, null)))
			.withMessageContaining("need a dependency");
		Settings faulted = this.injector.update(dependency("payment-service", Duration.ofSeconds(1), null, null));
		assertThat(faulted.dependencies())
			.containsExactlyEntriesOf(Map.of("payment-service", new DependencyFault(Duration.ofSeconds(1), 0)));
		assertThat(faulted.active()).contains(Kind.DEPENDENCY_LATENCY).doesNotContain(Kind.DEPENDENCY_FAILURE);
		assertThat(this.injector.update(dependency("payment-service", Duration.ZERO, null, null)).dependencies())
			.isEmpty();
	}

	@Test
	void whatAChangeSetForADurationRevertsOnItsOwn() throws Exception {
		this.injector.update(new Change(Map.of(FaultSetting.CPU, 0.5, FaultSetting.READY, false), null, null, null,
				Duration.ofMillis(300)));
		assertThat(this.injector.current().active()).contains(CPU, READINESS);
		assertThat(this.injector.expiresAt()).containsOnlyKeys("cpu", "ready");
		awaitActive(Set.of(LATENCY, FAILURE));
		assertThat(this.injector.current()).isEqualTo(DEFAULTS);
		assertThat(this.injector.expiresAt()).isEmpty();
	}

	@Test
	void aLaterChangeOfTheSameSettingOutlivesAnEarlierDuration() throws Exception {
		this.injector.update(new Change(Map.of(FaultSetting.CPU, 0.5, FaultSetting.READY, false), null, null, null,
				Duration.ofMillis(300)));
		this.injector.update(change(null, null, 0.75, null));
		awaitActive(Set.of(LATENCY, FAILURE, CPU));
		assertThat(this.injector.current().cpu()).isEqualTo(0.75);
		assertThat(this.injector.current().ready()).isTrue();
	}

	@Test
	void appliersSeeTheDefaultsAndEveryChangeResetAndExpiry() throws Exception {
		List<Settings> seen = this.applied;
		this.injector.update(change(null, null, 0.5, null));
		this.injector.update(new Change(Map.of(FaultSetting.READY, false), null, null, null, Duration.ofMillis(100)));
		awaitActive(Set.of(LATENCY, FAILURE, CPU));
		this.injector.reset();
		assertThat(seen).extracting(Settings::cpu).containsExactly(0.0, 0.5, 0.5, 0.5, 0.0);
		assertThat(seen).extracting(Settings::ready).containsExactly(true, true, false, true, true);
	}

	@Test
	void tellsSinceWhenEachKindIsActive() {
		assertThat(this.injector.activeSince()).containsOnlyKeys(LATENCY, FAILURE);
		this.injector.update(change(null, null, 0.5, null));
		assertThat(this.injector.activeSince()).containsOnlyKeys(LATENCY, FAILURE, CPU);
		this.injector.update(change(Duration.ZERO, 0.0, null, null));
		assertThat(this.injector.activeSince()).containsOnlyKeys(CPU);
	}

	private void awaitActive(Set<Kind> kinds) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!this.injector.current().active().equals(kinds) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.injector.current().active()).isEqualTo(kinds);
	}

	private static Settings settings(Duration latency, double failureRatio, double cpu, boolean ready) {
		return Settings.none()
			.with(FaultSetting.LATENCY, latency)
			.with(FaultSetting.FAILURE_RATIO, failureRatio)
			.with(FaultSetting.CPU, cpu)
			.with(FaultSetting.READY, ready);
	}

	/** A change of those that are not null. */
	private static Change change(Duration latency, Double failureRatio, Double cpu, Boolean ready) {
		Map<FaultSetting, Object> settings = new HashMap<>();
		if (latency != null) {
			settings.put(FaultSetting.LATENCY, latency);
		}
		if (failureRatio != null) {
			settings.put(FaultSetting.FAILURE_RATIO, failureRatio);
		}
		if (cpu != null) {
			settings.put(FaultSetting.CPU, cpu);
		}
		if (ready != null) {
			settings.put(FaultSetting.READY, ready);
		}
		return Change.of(settings);
	}

	private static Change dependency(String name, Duration latency, Double failureRatio, Duration duration) {
		return new Change(Map.of(), name, latency, failureRatio, duration);
	}

}
