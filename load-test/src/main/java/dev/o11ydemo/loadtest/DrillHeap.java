package dev.o11ydemo.loadtest;

/**
 * {@code drill-heap}: service-a holds on to heap until 93 % of its long-lived heap is in
 * use after collection, as a leak would, so JvmHeapSaturation (over 90 % for 10 m) fires.
 */
public class DrillHeap extends FaultDrill {

	public DrillHeap() {
		super("JvmHeapSaturation", "{\"heap\":0.93}");
	}

}
