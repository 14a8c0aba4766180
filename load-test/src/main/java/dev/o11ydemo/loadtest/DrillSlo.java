package dev.o11ydemo.loadtest;

/**
 * {@code drill-slo}: 3 % of service-a's requests fail: above the fast-burn threshold
 * (1.44 %) and below HighErrorRate's 5 %, so SLOErrorBudgetBurnFast fires alone.
 */
public class DrillSlo extends FaultDrill {

	public DrillSlo() {
		super("SLOErrorBudgetBurnFast", "{\"failureRatio\":0.03}");
	}

}
