package dev.o11ydemo.loadtest;

/**
 * {@code drill-endpoint-down}: every service-a request answers 500, so the probe of its
 * route from outside fails and EndpointDown (2 m) fires; HighErrorRate and the fast SLO
 * burn follow from the same 500s.
 */
public class DrillEndpointDown extends FaultDrill {

	public DrillEndpointDown() {
		super("EndpointDown", "{\"failureRatio\":1.0}");
	}

}
