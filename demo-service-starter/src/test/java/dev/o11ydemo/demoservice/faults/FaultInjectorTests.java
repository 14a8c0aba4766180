package dev.o11ydemo.demoservice.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
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

	private static final Settings DEFAULTS = new Settings(Duration.ofMillis(10), 0.1, 0, 0, true, Map.of());

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
			.isEqualTo(new Settings(Duration.ofMillis(10), 0.5, 0, 0, true, Map.of()));
		assertThat(this.injector.update(change(Duration.ZERO, null, 0.25, false)))
			.isEqualTo(new Settings(Duration.ZERO, 0.5, 0.25, 0, false, Map.of()));
	}

	@Test
	void resetRestoresTheConfiguredDefaults() {
		this.injector.update(change(Duration.ofSeconds(3), 1.0, 1.0, false));
		this.injector.update(dependency("payment-service", Duration.ofSeconds(1), 0.5, null));
		assertThat(this.injector.reset()).isEqualTo(DEFAULTS);
		assertThat(this.injector.current().active()).containsExactlyInAnyOrder(Kind.LATENCY, Kind.FAILURE);
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
				.update(new Change(Duration.ZERO, null, null, null, null, null, null, null, Duration.ofDays(2))))
			.withMessageContaining("duration");
		assertThat(this.injector.current()).isEqualTo(DEFAULTS);
	}

	@Test
	void dependencyFaultsNameOneOfTheServicesCalled() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector.update(dependency("billing", Duration.ofSeconds(1), null, null)))
			.withMessageContaining("payment-service");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.injector
				.update(new Change(null, null, null, null, null, null, Duration.ofSeconds(1), null, null)))
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
		this.injector.update(new Change(null, null, 0.5, null, false, null, null, null, Duration.ofMillis(300)));
		assertThat(this.injector.current().active()).contains(Kind.CPU, Kind.READINESS);
		assertThat(this.injector.expiresAt()).containsOnlyKeys("cpu", "ready");
		awaitActive(Set.of(Kind.LATENCY, Kind.FAILURE));
		assertThat(this.injector.current()).isEqualTo(DEFAULTS);
		assertThat(this.injector.expiresAt()).isEmpty();
	}

	@Test
	void aLaterChangeOfTheSameSettingOutlivesAnEarlierDuration() throws Exception {
		this.injector.update(new Change(null, null, 0.5, null, false, null, null, null, Duration.ofMillis(300)));
		this.injector.update(change(null, null, 0.75, null));
		awaitActive(Set.of(Kind.LATENCY, Kind.FAILURE, Kind.CPU));
		assertThat(this.injector.current().cpu()).isEqualTo(0.75);
		assertThat(this.injector.current().ready()).isTrue();
	}

	@Test
	void appliersSeeTheDefaultsAndEveryChangeResetAndExpiry() throws Exception {
		List<Settings> seen = this.applied;
		this.injector.update(change(null, null, 0.5, null));
		this.injector.update(new Change(null, null, null, null, false, null, null, null, Duration.ofMillis(100)));
		awaitActive(Set.of(Kind.LATENCY, Kind.FAILURE, Kind.CPU));
		this.injector.reset();
		assertThat(seen).extracting(Settings::cpu).containsExactly(0.0, 0.5, 0.5, 0.5, 0.0);
		assertThat(seen).extracting(Settings::ready).containsExactly(true, true, false, true, true);
	}

	@Test
	void tellsSinceWhenEachKindIsActive() {
		assertThat(this.injector.activeSince()).containsOnlyKeys(Kind.LATENCY, Kind.FAILURE);
		this.injector.update(change(null, null, 0.5, null));
		assertThat(this.injector.activeSince()).containsOnlyKeys(Kind.LATENCY, Kind.FAILURE, Kind.CPU);
		this.injector.update(change(Duration.ZERO, 0.0, null, null));
		assertThat(this.injector.activeSince()).containsOnlyKeys(Kind.CPU);
	}

	private void awaitActive(Set<Kind> kinds) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!this.injector.current().active().equals(kinds) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.injector.current().active()).isEqualTo(kinds);
	}

	private static Change change(Duration latency, Double failureRatio, Double cpu, Boolean ready) {
		return new Change(latency, failureRatio, cpu, null, ready, null, null, null, null);
	}

	private static Change dependency(String name, Duration latency, Double failureRatio, Duration duration) {
		return new Change(null, null, null, null, null, name, latency, failureRatio, duration);
	}

}
