package dev.o11ydemo.loadtest;

/**
 * {@code drill-latency}: every service-a request takes 1.5 s more, so HighLatencyP95
 * (over 1 s for 10 m) fires, and ProbeSlow where its route is probed from outside.
 */
public class DrillLatency extends FaultDrill {

	public DrillLatency() {
		super("HighLatencyP95 and ProbeSlow", "{\"latency\":\"1500ms\"}");
	}

}
