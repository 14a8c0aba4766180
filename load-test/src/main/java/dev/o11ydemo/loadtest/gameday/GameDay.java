package dev.o11ydemo.loadtest.gameday;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.o11ydemo.loadtest.gameday.AlertWatch.Episode;
import dev.o11ydemo.loadtest.gameday.Scenario.Action;
import dev.o11ydemo.loadtest.gameday.Scenario.Expectation;
import dev.o11ydemo.loadtest.gameday.Scenario.Step;

/**
 * Runs a scenario: stage after stage, each stage's tracks at once, each track's steps one
 * after the other. A step acts, holds until Alertmanager has every alert it expects (or
 * its hold is up), is undone, and waits for them to resolve (or their time to be up).
 * What it acted on is undone by {@link #abort()} too, which a shutdown hook calls on
 * Ctrl-C. The same engine runs the suite's own proof, with durations divided by
 * {@code speed}.
 */
public final class GameDay {

	/** How long a fault outlives its hold should nothing undo it. */
	private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

	/**
	 * How long a crashed service may take to come back: a platform's restart is not sped
	 * up with the rules, and Kubernetes' back-off between restarts grows to five minutes.
	 */
	private static final Duration CRASH_TIMEOUT = Duration.ofMinutes(5);

	/**
	 * How long the expected alerts stay firing once Alertmanager has them all before the
	 * step is undone: Alertmanager's default group_wait, after which it sends a new
	 * group's first notification. An alert that resolved within that wait would reach the
	 * receivers as resolved only, and nobody would have been paged.
	 */
	private static final Duration NOTIFICATION_WAIT = Duration.ofSeconds(30);

	private final Scenario scenario;

	private final Platform platform;

	private final AlertWatch watch;

	private final double speed;

	private final Duration poll;

	private final Status status;

	private final @Nullable Annotations annotations;

	private final @Nullable SteadyTraffic traffic;

	private final Set<String> skip;

	/** What undoes each acting step, until it is undone. */
	private final Map<Step, Undo> active = new ConcurrentHashMap<>();

	/** Each step's progress, in the order they started. */
	private final List<Run> runs = Collections.synchronizedList(new ArrayList<>());

	private volatile Instant started = Instant.now();

	private volatile String stage = "";

	/**
	 * @param scenario what to run, checked against what the platform supports
	 * @param platform where to act
	 * @param watch Prometheus and Alertmanager
	 * @param speed how many times faster than production the rules run (1 on a real
	 * cluster)
	 * @param poll how often to read the alerts
	 * @param status where the live status line goes
	 * @param annotations Grafana, where steps are marked, or null
	 * @param traffic the steady traffic that flows meanwhile, for its counts, or null
	 * @param skip the step kinds to skip, which the scorecard shows as skipped
	 */
	public GameDay(Scenario scenario, Platform platform, AlertWatch watch, double speed, Duration poll, Status status,
			@Nullable Annotations annotations, @Nullable SteadyTraffic traffic, Set<String> skip) {
		this.scenario = scenario;
		this.platform = platform;
		this.watch = watch;
		this.speed = speed;
		this.poll = poll;
		this.status = status;
		this.annotations = annotations;
		this.traffic = traffic;
		this.skip = Set.copyOf(skip);
	}

	@FunctionalInterface
	private interface Undo {

		void run() throws Exception;

	}

	/** A step's progress. */
	private final class Run {

		final Scenario.Stage stage;

		final Scenario.Track track;

		final Step step;

		final Instant start = Instant.now();

		/** When the fault was in place: the step's clock for its hold and deadlines. */
		volatile Instant acted = this.start;

		volatile @Nullable Instant undone;

		volatile @Nullable Instant end;

		volatile boolean skipped;

		final List<String> errors = Collections.synchronizedList(new ArrayList<>());

		Run(Scenario.Stage stage, Scenario.Track track, Step step) {
			this.stage = stage;
			this.track = track;
			this.step = step;
		}

		/**
		 * The episode that answers the expectation: the first since the step began that
		 * reached Alertmanager, or else the first that fired, or else one still open.
		 */
		@Nullable Episode episode(Expectation expectation) {
			List<Episode> since = GameDay.this.watch.episodes()
				.stream()
				.filter((episode) -> expectation.matches(episode.alert, episode.subject))
				.filter((episode) -> episode.endedAt == null || episode.endedAt.isAfter(this.start))
				.toList();
			return since.stream()
				.filter((episode) -> episode.notifiedAt != null)
				.findFirst()
				.or(() -> since.stream().filter((episode) -> episode.firingAt != null).findFirst())
				.or(() -> since.stream().filter((episode) -> episode.endedAt == null).findFirst())
				.orElse(null);
		}

		boolean allNotified() {
			return this.step.expect().stream().allMatch((expectation) -> {
				Episode episode = episode(expectation);
				return episode != null && episode.notifiedAt != null;
			});
		}

		boolean allResolved() {
			return this.step.expect().stream().allMatch((expectation) -> {
				Episode episode = episode(expectation);
				return episode != null && episode.endedAt != null;
			});
		}

	}

	/**
	 * Checks that the platform can do every step not skipped, before anything starts.
	 * @throws ScenarioException naming the first step it cannot do
	 */
	public static void requireSupported(Scenario scenario, Platform platform, Path file, Set<String> skip) {
		for (Step step : scenario.steps()) {
			Action action = step.action();
			if (action != null && !skip.contains(action.kind()) && !platform.supports().contains(action.kind())) {
				throw new ScenarioException(file, step.line(), "this target cannot " + action.kind() + ": "
						+ platform.whyNot(action.kind()) + "; or skip such steps: --skip " + action.kind());
			}
		}
	}

	/** Runs every stage and returns the scorecard; faults are undone whatever happens. */
	public Scorecard run() throws InterruptedException {
		this.started = Instant.now();
		this.watch.poll();
		Thread watcher = new Thread(this::watch, "alert-watch");
		watcher.setDaemon(true);
		watcher.start();
		try {
			for (Scenario.Stage stage : this.scenario.stages()) {
				this.stage = stage.name();
				List<Thread> tracks = new ArrayList<>();
				for (Scenario.Track track : stage.tracks()) {
					Thread thread = new Thread(() -> track(stage, track), "track-" + track.name());
					thread.start();
					tracks.add(thread);
				}
				for (Thread thread : tracks) {
					thread.join();
				}
			}
		}
		finally {
			abort();
			watcher.interrupt();
			watcher.join(5000);
			this.status.done();
		}
		return scorecard();
	}

	/** Undoes whatever is still acted on; safe to call from a shutdown hook. */
	public void abort() {
		for (Map.Entry<Step, Undo> entry : List.copyOf(this.active.entrySet())) {
			try {
				entry.getValue().run();
			}
			catch (Exception ex) {
				System.err.println("gameday: could not undo '" + entry.getKey().name() + "': " + ex.getMessage());
			}
			this.active.remove(entry.getKey());
		}
	}

	private void watch() {
		while (!Thread.currentThread().isInterrupted()) {
			this.watch.poll();
			this.status.show(statusLine());
			try {
				Thread.sleep(this.poll.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void track(Scenario.Stage stage, Scenario.Track track) {
		for (Step step : track.steps()) {
			Run run = new Run(stage, track, step);
			this.runs.add(run);
			if (step.action() != null && this.skip.contains(step.action().kind())) {
				run.skipped = true;
				run.undone = run.start;
				run.end = run.start;
				continue;
			}
			try {
				step(run);
			}
			catch (InterruptedException ex) {
				run.errors.add("interrupted");
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				run.end = Instant.now();
				try {
					this.platform.stepEnded(step);
				}
				catch (Exception ex) {
					run.errors.add("after the step: " + ex.getMessage());
				}
				if (this.annotations != null) {
					this.annotations.mark(this.scenario.name(), step.name(), run.start, run.end);
				}
			}
		}
	}

	private void step(Run run) throws InterruptedException {
		Step step = run.step;
		try {
			this.platform.stepStarting(step);
			act(run, run.start.plus(scaled(step.hold())));
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			run.errors.add(String.valueOf(ex.getMessage()));
		}
		run.acted = Instant.now();
		Instant holdUntil = run.acted.plus(scaled(step.hold()));
		if (run.errors.isEmpty()) {
			waitUntil(holdUntil, () -> !step.expect().isEmpty() && run.allNotified());
			if (!step.expect().isEmpty() && run.allNotified()) {
				Instant sent = Instant.now().plus(scaled(NOTIFICATION_WAIT));
				waitUntil(sent.isBefore(holdUntil) ? sent : holdUntil, () -> false);
			}
		}
		undo(run);
		run.undone = Instant.now();
		Instant resolveBy = run.undone.plus(scaled(
				step.expect().stream().map(Expectation::resolve).max(Duration::compareTo).orElse(Duration.ZERO)));
		waitUntil(resolveBy, run::allResolved);
	}

	private void act(Run run, Instant holdUntil) throws Exception {
		Action action = run.step.action();
		Duration expiry = Duration.between(Instant.now(), holdUntil).plus(EXPIRY_MARGIN);
		if (action instanceof Scenario.Fault fault) {
			this.active.put(run.step, () -> this.platform.reset(fault.service()));
			this.platform.set(fault.service(), fault.settings(), expiry);
		}
		else if (action instanceof Scenario.Ramp ramp) {
			this.active.put(run.step, () -> this.platform.reset(ramp.service()));
			Thread ramping = new Thread(() -> ramp(run, ramp, holdUntil), "ramp-" + ramp.service());
			ramping.setDaemon(true);
			ramping.start();
		}
		else if (action instanceof Scenario.Crash crash) {
			for (int count = 0; count < crash.times(); count++) {
				if (count > 0) {
					// Up for a scrape or two, or Prometheus never sees this start time.
					Thread.sleep(scaled(crash.apart()).toMillis());
				}
				this.platform.crash(crash.service(), CRASH_TIMEOUT);
			}
		}
		else if (action instanceof Scenario.Stop stop) {
			this.active.put(run.step, () -> this.platform.start(stop.service()));
			this.platform.stop(stop.service());
		}
		else if (action instanceof Scenario.Remove remove) {
			this.active.put(run.step, () -> this.platform.restore(remove.service()));
			this.platform.remove(remove.service());
		}
		else if (action instanceof Scenario.Release release) {
			this.active.put(run.step, () -> this.platform.rollBack(release.service()));
			this.platform.release(release.service(), release.settings());
		}
	}

	/** Sets the ramp's settings one after the other, until the last or the undo. */
	private void ramp(Run run, Scenario.Ramp ramp, Instant holdUntil) {
		try {
			for (Map<String, Object> settings : ramp.settings()) {
				if (!this.active.containsKey(run.step)) {
					return;
				}
				this.platform.set(ramp.service(), settings,
						Duration.between(Instant.now(), holdUntil).plus(EXPIRY_MARGIN));
				Thread.sleep(scaled(ramp.every()).toMillis());
			}
		}
		catch (InterruptedException ex) {
			// undone
		}
		catch (Exception ex) {
			run.errors.add("a step of the ramp: " + ex.getMessage());
		}
	}

	private void undo(Run run) {
		Undo undo = this.active.remove(run.step);
		if (undo != null) {
			try {
				undo.run();
			}
			catch (Exception ex) {
				run.errors.add("undoing it: " + ex.getMessage());
			}
		}
	}

	private void waitUntil(Instant deadline, Supplier<Boolean> done) throws InterruptedException {
		while (Instant.now().isBefore(deadline) && !done.get()) {
			Thread.sleep(
					Math.min(this.poll.toMillis(), Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
		}
	}

	private Duration scaled(Duration production) {
		return Duration.ofMillis(Math.round(production.toMillis() / this.speed));
	}

	private double at(@Nullable Instant instant) {
		return seconds(this.started, (instant != null) ? instant : Instant.now());
	}

	private static double seconds(Instant from, Instant to) {
		return Math.round(Duration.between(from, to).toMillis() / 100.0) / 10.0;
	}

	private static @Nullable Double since(Instant from, @Nullable Instant to) {
		return (to != null) ? seconds(from, to) : null;
	}

	/**
	 * How far a step is: the time since its fault was in place against its hold, or since
	 * its undo.
	 */
	private String progress(Run run) {
		Instant undone = run.undone;
		if (undone != null) {
			return "undone " + Durations.show(Duration.between(undone, Instant.now())) + " ago, resolving";
		}
		return Durations.show(Duration.between(run.acted, Instant.now())) + " of "
				+ Durations.show(scaled(run.step.hold()));
	}

	/** The step, the time against its hold, and the alerts pending or firing now. */
	private String statusLine() {
		StringBuilder line = new StringBuilder(this.stage);
		synchronized (this.runs) {
			for (Run run : this.runs) {
				if (run.end == null) {
					line.append(" | ")
						.append(run.track.name())
						.append(": ")
						.append(run.step.name())
						.append(' ')
						.append(progress(run));
				}
			}
		}
		Set<String> pending = new TreeSet<>();
		Set<String> firing = new TreeSet<>();
		for (Episode episode : this.watch.current()) {
			(episode.firingAt != null ? firing : pending).add(episode.alert + "(" + episode.subject + ")");
		}
		line.append(" | firing: ").append(firing.isEmpty() ? "none" : String.join(" ", firing));
		line.append(" | pending: ").append(pending.isEmpty() ? "none" : String.join(" ", pending));
		String failure = this.watch.failure();
		if (failure != null) {
			line.append(" | ").append(failure);
		}
		return line.toString();
	}

	private Scorecard scorecard() {
		List<Scorecard.StepResult> steps = new ArrayList<>();
		boolean passed = true;
		for (Run run : List.copyOf(this.runs)) {
			List<Scorecard.ExpectationResult> expectations = new ArrayList<>();
			if (!run.skipped) {
				for (Expectation expectation : run.step.expect()) {
					expectations.add(result(run, expectation));
				}
			}
			boolean stepPassed = run.errors.isEmpty()
					&& expectations.stream().allMatch(Scorecard.ExpectationResult::passed);
			passed &= stepPassed;
			Action action = run.step.action();
			steps.add(new Scorecard.StepResult(run.stage.name(), run.track.name(), run.step.name(), run.step.line(),
					(action != null) ? action.kind() + " " + describe(action) : "steady traffic", at(run.start),
					at(run.acted), at(run.undone), at(run.end), expectations, List.copyOf(run.errors), run.skipped,
					stepPassed));
		}
		List<Scorecard.AlertSeen> alerts = new ArrayList<>();
		List<Scorecard.AlertSeen> unexpected = new ArrayList<>();
		List<Scorecard.AlertSeen> atStart = new ArrayList<>();
		for (Episode episode : this.watch.episodes()) {
			Scorecard.AlertSeen seen = new Scorecard.AlertSeen(episode.alert, episode.subject,
					Math.max(0, at(episode.pendingAt)), since(this.started, episode.firingAt),
					since(this.started, episode.notifiedAt), since(this.started, episode.endedAt));
			alerts.add(seen);
			if (episode.atStart) {
				atStart.add(seen);
			}
			else if (episode.firingAt != null && !this.scenario.accounts(episode.alert, episode.subject)) {
				unexpected.add(seen);
			}
		}
		passed &= unexpected.isEmpty() && !steps.isEmpty();
		return new Scorecard(this.scenario.name(), this.scenario.summary(), this.started.toString(), this.speed,
				at(Instant.now()), steps, alerts, unexpected, atStart,
				(this.traffic != null) ? this.traffic.counts() : Map.of(), passed);
	}

	private Scorecard.ExpectationResult result(Run run, Expectation expectation) {
		Episode episode = run.episode(expectation);
		double fireWithin = scaled(expectation.fire()).toMillis() / 1000.0;
		double resolveWithin = scaled(expectation.resolve()).toMillis() / 1000.0;
		Double pending = null;
		Double firing = null;
		Double notified = null;
		Double resolved = null;
		String verdict;
		if (episode != null && episode.firingAt != null && episode.notifiedAt == null) {
			verdict = "fired in Prometheus after " + seconds(run.acted, episode.firingAt)
					+ " s, but never reached Alertmanager";
		}
		else if (episode == null || episode.notifiedAt == null) {
			verdict = "did not fire within " + Durations.show(scaled(run.step.hold()));
		}
		else {
			pending = seconds(run.acted, episode.pendingAt);
			firing = since(run.acted, episode.firingAt);
			notified = since(run.acted, episode.notifiedAt);
			resolved = (run.undone != null) ? since(run.undone, episode.endedAt) : null;
			if (episode.pendingAt.isBefore(run.start)) {
				verdict = "already pending or firing before the step began";
			}
			else if (notified > fireWithin) {
				verdict = "fired after " + notified + " s, later than " + fireWithin + " s";
			}
			else if (resolved == null) {
				verdict = "did not resolve within " + resolveWithin + " s of the undo";
			}
			else if (resolved > resolveWithin) {
				verdict = "resolved after " + resolved + " s, later than " + resolveWithin + " s";
			}
			else {
				verdict = "passed";
			}
		}
		return new Scorecard.ExpectationResult(expectation.alert(), expectation.service(), fireWithin, resolveWithin,
				pending, firing, notified, resolved, verdict, verdict.equals("passed"));
	}

	private static String describe(Action action) {
		if (action instanceof Scenario.Fault fault) {
			return fault.service() + " " + fault.settings();
		}
		if (action instanceof Scenario.Ramp ramp) {
			return ramp.service() + " " + ramp.settings().get(0) + " to "
					+ ramp.settings().get(ramp.settings().size() - 1);
		}
		if (action instanceof Scenario.Crash crash) {
			return crash.service() + " " + crash.times() + " times";
		}
		if (action instanceof Scenario.Release release) {
			return release.service() + " released with " + release.settings();
		}
		return action.service();
	}

}
