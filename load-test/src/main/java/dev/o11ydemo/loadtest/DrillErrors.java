package dev.o11ydemo.loadtest;

/**
 * {@code drill-errors}: a quarter of service-a's requests answer 500, so HighErrorRate
 * (over 5 % for 5 m) fires.
 */
public class DrillErrors extends FaultDrill {

	public DrillErrors() {
		super("HighErrorRate", "{\"failureRatio\":0.25}");
	}

}
