package dev.o11ydemo.demoservice.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FaultInjectorTests {

	private final FaultInjector injector = new FaultInjector(new FaultInjector.Settings(Duration.ofMillis(10), 0.1));

	@Test
	void updatesOnlyWhatIsGiven() {
		assertThat(this.injector.update(null, 0.5)).isEqualTo(new FaultInjector.Settings(Duration.ofMillis(10), 0.5));
		assertThat(this.injector.update(Duration.ZERO, null)).isEqualTo(new FaultInjector.Settings(Duration.ZERO, 0.5));
	}

	@Test
	void resetRestoresTheConfiguredDefaults() {
		this.injector.update(Duration.ofSeconds(3), 1.0);
		assertThat(this.injector.reset()).isEqualTo(new FaultInjector.Settings(Duration.ofMillis(10), 0.1));
	}

	@Test
	void ratioZeroNeverFailsAndOneAlwaysFails() {
		this.injector.update(null, 0.0);
		for (int i = 0; i < 1000; i++) {
			assertThat(this.injector.shouldFail()).isFalse();
		}
		this.injector.update(null, 1.0);
		for (int i = 0; i < 1000; i++) {
			assertThat(this.injector.shouldFail()).isTrue();
		}
	}

	@Test
	void rejectsOutOfRangeSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.injector.update(null, -0.1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.injector.update(null, Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> this.injector.update(Duration.ofMinutes(2), null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.injector.update(Duration.ofMillis(-1), null));
		assertThat(this.injector.current()).isEqualTo(new FaultInjector.Settings(Duration.ofMillis(10), 0.1));
	}

}
