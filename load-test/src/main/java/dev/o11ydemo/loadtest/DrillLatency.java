package dev.o11ydemo.loadtest;

/**
 * {@code drill-latency}: every service-a request takes 1.5 s more, so HighLatencyP95
 * (over 1 s for 10 m) fires.
 */
public class DrillLatency extends FaultDrill {

	public DrillLatency() {
		super("HighLatencyP95", "{\"latency\":\"1500ms\"}");
	}

}
