package dev.o11ydemo.demoservice.faults;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

/**
 * The readiness fault: the service refuses traffic (its readiness group reports
 * OUT_OF_SERVICE, 503) while its liveness stays UP, so Kubernetes takes the pod out of
 * its Service's endpoints and the load balancer without restarting it. Spring Boot's own
 * readiness state carries it; only a refusal this fault made is undone, so a shutdown's
 * refusal stays.
 */
final class ReadinessFault implements FaultApplier, ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private final ApplicationEventPublisher publisher;

	private final ApplicationAvailability availability;

	private volatile boolean failing;

	ReadinessFault(ApplicationEventPublisher publisher, ApplicationAvailability availability) {
		this.publisher = publisher;
		this.availability = availability;
	}

	@Override
	public void apply(FaultInjector.Settings settings) {
		ready(settings.ready());
	}

	synchronized void ready(boolean ready) {
		if (ready == !this.failing) {
			return;
		}
		this.failing = !ready;
		AvailabilityChangeEvent<ReadinessState> last = this.availability.getLastChangeEvent(ReadinessState.class);
		if (last == null) {
			// Still starting (and refusing traffic until then); the first event is
			// answered below.
			return;
		}
		if (this.failing) {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		else if (last.getSource() == this) {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	/**
	 * The application accepts traffic once it has started: a readiness fault set from the
	 * start keeps refusing it.
	 */
	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (this.failing && event.getSource() != this && event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
	}

}
