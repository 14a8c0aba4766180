package dev.o11ydemo.loadtest;

/**
 * {@code drill-latency-trend}: service-a slows down step by step, 200 ms more latency up
 * to 900 ms over the first three quarters of the run, under HighLatencyP95's 1 s, so
 * LatencyTrendingUp (a mean predicted past 1 s within the hour, for 15 m) fires.
 */
public class DrillLatencyTrend extends FaultDrill {

	public DrillLatencyTrend() {
		super("LatencyTrendingUp", "{\"latency\":\"200ms\"}", "{\"latency\":\"300ms\"}", "{\"latency\":\"400ms\"}",
				"{\"latency\":\"500ms\"}", "{\"latency\":\"600ms\"}", "{\"latency\":\"700ms\"}",
				"{\"latency\":\"800ms\"}", "{\"latency\":\"900ms\"}");
	}

}
