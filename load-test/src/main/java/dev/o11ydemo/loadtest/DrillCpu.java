package dev.o11ydemo.loadtest;

/**
 * {@code drill-cpu}: service-a burns 95 % of the CPUs it may use, so HighCpuUsage (over
 * 80 % for 5 m) fires. Run locally, where the JVM may use every core, it also busies the
 * machine: NodeHighCpuUsage fires where node-exporter is scraped.
 */
public class DrillCpu extends FaultDrill {

	public DrillCpu() {
		super("HighCpuUsage", "{\"cpu\":0.95}");
	}

}
