package dev.o11ydemo.loadtest;

/**
 * {@code drill-slo-slow}: 1.2 % of service-a's requests fail: above the slow-burn
 * threshold (0.6 %) and below the fast one (1.44 %), so SLOErrorBudgetBurnSlow fires
 * alone once its 30 m and 6 h ratios are over it for 15 m.
 */
public class DrillSloSlow extends FaultDrill {

	public DrillSloSlow() {
		super("SLOErrorBudgetBurnSlow", "{\"failureRatio\":0.012}");
	}

}
