package dev.o11ydemo.loadtest.gameday;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a game day found. Times are seconds of the run as measured (at the speed it ran);
 * a step's figures count from its fault being in place (after a crash's restarts), a
 * resolution from its undo.
 *
 * @param scenario the scenario's name
 * @param summary what it shows
 * @param started when the run began, ISO-8601
 * @param speed how many times faster than production the durations ran (1 on a real
 * cluster)
 * @param seconds how long the run took
 * @param steps each step's result, in the order they started
 * @param alerts every alert episode seen, for the timeline
 * @param unexpected alerts that fired and no step expects or allows
 * @param atStart alerts already there when the run began, left out of the verdict
 * @param traffic the steady traffic's counts per route
 * @param passed whether every step passed and nothing unexpected happened
 */
public record Scorecard(String scenario, String summary, String started, double speed, double seconds,
		List<StepResult> steps, List<AlertSeen> alerts, List<AlertSeen> unexpected, List<AlertSeen> atStart,
		Map<String, Map<String, Long>> traffic, boolean passed) {

	/**
	 * @param stage the stage's name
	 * @param track the track's name
	 * @param name the step's name
	 * @param line where the step is in the scenario file
	 * @param action what it did, or "steady traffic"
	 * @param start when it started, in seconds of the run
	 * @param acted when its fault was in place, which its hold and deadlines count from
	 * @param undone when its fault was undone
	 * @param end when it ended
	 * @param expectations each expected alert's figures
	 * @param errors what went wrong acting or undoing
	 * @param skipped whether it was skipped, as asked, its expectations unchecked
	 * @param passed whether every expectation passed and nothing went wrong
	 */
	public record StepResult(String stage, String track, String name, int line, String action, double start,
			double acted, double undone, double end, List<ExpectationResult> expectations, List<String> errors,
			boolean skipped, boolean passed) {
	}

	/**
	 * @param alert the alert's name
	 * @param service what it is about, or null for any
	 * @param fireWithin its deadline from the fault being in place, in seconds of the run
	 * @param resolveWithin its deadline from the undo
	 * @param pending seconds from the fault being in place to pending, or null
	 * @param firing seconds from the fault being in place to firing
	 * @param notified seconds from the fault being in place to Alertmanager having it
	 * @param resolved seconds from the undo to gone from Prometheus and Alertmanager
	 * @param verdict "passed", or what failed
	 * @param passed whether it passed
	 */
	public record ExpectationResult(String alert, @Nullable String service, double fireWithin, double resolveWithin,
			@Nullable Double pending, @Nullable Double firing, @Nullable Double notified, @Nullable Double resolved,
			String verdict, boolean passed) {
	}

	/**
	 * One alert episode, in seconds of the run.
	 *
	 * @param alert the alert's name
	 * @param subject what it is about
	 * @param pending when it became pending (0 where it was there at the start)
	 * @param firing when it fired, or null
	 * @param notified when Alertmanager had it, or null
	 * @param ended when it was gone from both, or null where it lasted past the run
	 */
	public record AlertSeen(String alert, String subject, double pending, @Nullable Double firing,
			@Nullable Double notified, @Nullable Double ended) {
	}

}
