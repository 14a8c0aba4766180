package dev.o11ydemo.loadtest.gameday;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A game day's script, read from a scenario file and checked against a {@link Catalogue}
 * before anything starts. Stages run one after the other; the tracks of a stage run at
 * once; the steps of a track one after the other. A file with {@code steps} is one stage
 * of one track. Durations are production ones; the engine may run them faster, as the
 * suite's tests do with their sped-up rules.
 *
 * @param name the scenario's name
 * @param summary what it shows, in a sentence or two
 * @param stages its stages, in order
 */
public record Scenario(String name, String summary, List<Stage> stages) {

	/** The keys a step may have. */
	private static final Set<String> STEP_KEYS = Set.of("name", "fault", "ramp", "crash", "stop", "remove", "release",
			"hold", "expect", "allow");

	/** The keys that are actions: a step has at most one. */
	private static final Set<String> ACTIONS = Set.of("fault", "ramp", "crash", "stop", "remove", "release");

	/** What the services take as a fault's duration: one number and one unit. */
	private static final Pattern SETTING_DURATION = Pattern.compile("[0-9]+(ms|s|m|h)");

	/**
	 * @param name what the stage does
	 * @param tracks what runs at once
	 */
	public record Stage(String name, List<Track> tracks) {
	}

	/**
	 * @param name the track's name
	 * @param steps what runs one after the other
	 */
	public record Track(String name, List<Step> steps) {
	}

	/**
	 * One fault, held until every expected alert fired or {@link #hold} passed, then
	 * undone; the next step starts once the expected alerts resolved (or their time is
	 * up).
	 *
	 * @param line where the step starts in the file
	 * @param name what happens, for a person
	 * @param action what the step does, or null for steady traffic alone
	 * @param hold how long the fault stays at most, from its being in place (a step
	 * without expectations holds exactly this long)
	 * @param expect the alerts it must fire
	 * @param allow alerts it may fire as a side effect
	 */
	public record Step(int line, String name, @Nullable Action action, Duration hold, List<Expectation> expect,
			List<Allowance> allow) {
	}

	/** What a step does to a service. */
	public sealed interface Action {

		/** The service it acts on. */
		String service();

		/** Its key in the file, which is also what a platform must support. */
		String kind();

	}

	/**
	 * Fault settings held for the step.
	 *
	 * @param service the service
	 * @param settings setting name to value, as its {@code /actuator/faults} takes them
	 */
	public record Fault(String service, Map<String, Object> settings) implements Action {

		@Override
		public String kind() {
			return "fault";
		}

	}

	/**
	 * One setting moved step by step, as under a gradual degradation, then held.
	 *
	 * @param service the service
	 * @param settings the settings in order, each held for {@code every}
	 * @param every how long each is held before the next
	 */
	public record Ramp(String service, List<Map<String, Object>> settings, Duration every) implements Action {

		@Override
		public String kind() {
			return "ramp";
		}

	}

	/**
	 * {@code /crash}, {@code times} times, each once the service has been back from the
	 * one before for {@code apart}, so that Prometheus scrapes each new start time.
	 *
	 * @param service the service
	 * @param times how many crashes
	 * @param apart how long the service is up between two crashes (default
	 * {@value #APART}, more than a scrape interval)
	 */
	public record Crash(String service, int times, Duration apart) implements Action {

		/** The default least time between two crashes. */
		public static final String APART = "45s";

		@Override
		public String kind() {
			return "crash";
		}

	}

	/**
	 * The service's process stops while its scrape target stays, until the step is
	 * undone.
	 *
	 * @param service the service
	 */
	public record Stop(String service) implements Action {

		@Override
		public String kind() {
			return "stop";
		}

	}

	/**
	 * The service and its scrape target go, as when it is scaled to zero, until the step
	 * is undone.
	 *
	 * @param service the service
	 */
	public record Remove(String service) implements Action {

		@Override
		public String kind() {
			return "remove";
		}

	}

	/**
	 * A new version of the service whose pods start with these fault settings, as a bad
	 * build would behave, brought out the way the target releases (on Kubernetes with the
	 * canary component, as a canary its SLO gate judges), until the step is undone and
	 * the version before comes back.
	 *
	 * @param service the service
	 * @param settings setting name to value, as its {@code /actuator/faults} takes them
	 */
	public record Release(String service, Map<String, Object> settings) implements Action {

		@Override
		public String kind() {
			return "release";
		}

		/**
		 * The environment variable that sets a fault setting at start: the property
		 * {@code demo.faults.<setting>} as Spring Boot reads it from the environment.
		 */
		public static String variable(String setting) {
			return "DEMO_FAULTS_" + setting.toUpperCase(Locale.ROOT);
		}

	}

	/**
	 * An alert the step must fire and then resolve.
	 *
	 * @param line where it is in the file
	 * @param alert the alert's name
	 * @param service what it is about (its application or job label, or its instance for
	 * a node or a probe with no service behind it), or null for any
	 * @param fire how long after the step's fault is in place it must fire at the latest
	 * (for a crash, after the last restart)
	 * @param resolve how long after the step is undone it must resolve at the latest
	 */
	public record Expectation(int line, String alert, @Nullable String service, Duration fire, Duration resolve) {

		boolean matches(String name, String subject) {
			return this.alert.equals(name) && (this.service == null || this.service.equals(subject));
		}

		@Override
		public String toString() {
			return this.alert + ((this.service != null) ? " (" + this.service + ")" : "");
		}

	}

	/**
	 * An alert a step may fire as a side effect.
	 *
	 * @param alert the alert's name
	 * @param service what it is about, or null for any
	 */
	public record Allowance(String alert, @Nullable String service) {

		boolean matches(String name, String subject) {
			return this.alert.equals(name) && (this.service == null || this.service.equals(subject));
		}

	}

	/** Every step, stage by stage and track by track. */
	public List<Step> steps() {
		return this.stages.stream()
			.flatMap((stage) -> stage.tracks().stream())
			.flatMap((track) -> track.steps().stream())
			.toList();
	}

	/** The alerts the scenario expects to fire, by name. */
	public Set<String> expectedAlerts() {
		Set<String> alerts = new TreeSet<>();
		steps().forEach((step) -> step.expect().forEach((expectation) -> alerts.add(expectation.alert())));
		return alerts;
	}

	/** Whether any step expects or allows this alert about this subject. */
	public boolean accounts(String alert, String subject) {
		return steps().stream()
			.anyMatch((step) -> step.expect().stream().anyMatch((expectation) -> expectation.matches(alert, subject))
					|| step.allow().stream().anyMatch((allowance) -> allowance.matches(alert, subject)));
	}

	/**
	 * Reads and checks a scenario file.
	 * @throws ScenarioException naming the line of the first thing refused
	 */
	public static Scenario read(Path file, Catalogue catalogue) {
		return new Reader(file, catalogue).scenario(YamlTree.read(file));
	}

	private record Reader(Path file, Catalogue catalogue) {

		Scenario scenario(YamlTree root) {
			Map<String, YamlTree> top = map(root, Set.of("name", "summary", "steps", "stages"));
			String name = text(required(root, top, "name"));
			String summary = text(required(root, top, "summary"));
			List<Stage> stages = new ArrayList<>();
			if (top.containsKey("steps") == top.containsKey("stages")) {
				throw refuse(root, "give either steps (one track) or stages, not both or neither");
			}
			if (top.containsKey("steps")) {
				stages.add(new Stage(name, List.of(new Track(name, steps(top.get("steps"))))));
			}
			else {
				for (YamlTree item : list(top.get("stages"))) {
					Map<String, YamlTree> stage = map(item, Set.of("name", "tracks"));
					List<Track> tracks = new ArrayList<>();
					YamlTree tracksNode = required(item, stage, "tracks");
					for (Map.Entry<String, YamlTree> track : map(tracksNode, null).entrySet()) {
						tracks.add(new Track(track.getKey(), steps(track.getValue())));
					}
					if (tracks.isEmpty()) {
						throw refuse(tracksNode, "a stage needs at least one track");
					}
					stages.add(new Stage(text(required(item, stage, "name")), tracks));
				}
			}
			if (stages.isEmpty()) {
				throw refuse(root, "the scenario has no stage");
			}
			return new Scenario(name, summary, stages);
		}

		List<Step> steps(YamlTree node) {
			List<Step> steps = new ArrayList<>();
			for (YamlTree item : list(node)) {
				steps.add(step(item));
			}
			if (steps.isEmpty()) {
				throw refuse(node, "a track needs at least one step");
			}
			return steps;
		}

		Step step(YamlTree node) {
			Map<String, YamlTree> step = map(node, STEP_KEYS);
			List<String> actions = step.keySet().stream().filter(ACTIONS::contains).toList();
			if (actions.size() > 1) {
				throw refuse(node, "a step does one thing; this one has " + String.join(" and ", actions));
			}
			Action action = actions.isEmpty() ? null : action(actions.get(0), step.get(actions.get(0)));
			List<Expectation> expect = new ArrayList<>();
			if (step.containsKey("expect")) {
				for (YamlTree item : list(step.get("expect"))) {
					Map<String, YamlTree> expectation = map(item, Set.of("alert", "service", "fire", "resolve"));
					expect.add(new Expectation(item.line(), alert(required(item, expectation, "alert")),
							subject(expectation.get("service")), duration(required(item, expectation, "fire")),
							duration(required(item, expectation, "resolve"))));
				}
			}
			List<Allowance> allow = new ArrayList<>();
			if (step.containsKey("allow")) {
				for (YamlTree item : list(step.get("allow"))) {
					Map<String, YamlTree> allowance = map(item, Set.of("alert", "service"));
					allow.add(new Allowance(alert(required(item, allowance, "alert")),
							subject(allowance.get("service"))));
				}
			}
			YamlTree holdNode = required(node, step, "hold");
			Duration hold = duration(holdNode);
			for (Expectation expectation : expect) {
				if (expectation.fire().compareTo(hold) > 0) {
					throw new ScenarioException(this.file, expectation.line(),
							"it may fire up to " + Durations.show(expectation.fire())
									+ " after the start, but the fault is held only " + Durations.show(hold));
				}
			}
			if (action instanceof Ramp ramp && ramp.every().multipliedBy(ramp.settings().size()).compareTo(hold) > 0) {
				throw refuse(holdNode, "the ramp takes longer than the step's hold");
			}
			return new Step(node.line(), text(required(node, step, "name")), action, hold, expect, allow);
		}

		Action action(String kind, YamlTree node) {
			return switch (kind) {
				case "fault", "release" -> {
					Map<String, YamlTree> fault = map(node, Set.of("service", "set"));
					String service = faulted(required(node, fault, "service"));
					Map<String, Object> settings = new LinkedHashMap<>();
					YamlTree set = required(node, fault, "set");
					Map<String, YamlTree> given = map(set, null);
					if (given.isEmpty()) {
						throw refuse(set, "set nothing: give at least one setting");
					}
					given.forEach((setting, value) -> settings.put(setting, setting(service, setting, value)));
					yield kind.equals("fault") ? new Fault(service, settings) : new Release(service, settings);
				}
				case "ramp" -> {
					Map<String, YamlTree> ramp = map(node, Set.of("service", "setting", "from", "to", "by", "every"));
					String service = faulted(required(node, ramp, "service"));
					YamlTree settingNode = required(node, ramp, "setting");
					String setting = text(settingNode);
					Object from = setting(service, setting, required(node, ramp, "from"));
					Object to = setting(service, setting, required(node, ramp, "to"));
					YamlTree byNode = required(node, ramp, "by");
					Object by = setting(service, setting, byNode);
					boolean numbers = from instanceof BigDecimal && to instanceof BigDecimal
							&& by instanceof BigDecimal;
					boolean durations = List.of(from, to, by)
						.stream()
						.allMatch((value) -> value instanceof String text && SETTING_DURATION.matcher(text).matches());
					if (!numbers && !durations) {
						throw refuse(settingNode,
								"a ramp moves a number or a duration: from, to and by are all one or all the other");
					}
					List<Map<String, Object>> steps = new ArrayList<>();
					BigDecimal low = magnitude(from);
					BigDecimal high = magnitude(to);
					BigDecimal step = magnitude(by);
					if (step.signum() <= 0 || high.compareTo(low) <= 0) {
						throw refuse(byNode, "a ramp goes up: from below to, by more than zero");
					}
					for (BigDecimal value = low; value.compareTo(high) <= 0; value = value.add(step)) {
						steps.add(Map.of(setting, (from instanceof String) ? value.toBigInteger() + "ms" : value));
					}
					yield new Ramp(service, steps, duration(required(node, ramp, "every")));
				}
				case "crash" -> {
					Map<String, YamlTree> crash = map(node, Set.of("service", "times", "apart"));
					YamlTree timesNode = required(node, crash, "times");
					if (!(((YamlTree.Scalar) scalar(timesNode)).value() instanceof BigDecimal times)
							|| times.signum() <= 0 || times.stripTrailingZeros().scale() > 0 || times.intValue() > 10) {
						throw refuse(timesNode, "times is a whole number from 1 to 10");
					}
					Duration apart = crash.containsKey("apart") ? duration(crash.get("apart"))
							: Durations.parse(Crash.APART);
					yield new Crash(service(required(node, crash, "service")), times.intValue(), apart);
				}
				case "stop" -> new Stop(service(required(node, map(node, Set.of("service")), "service")));
				default -> new Remove(service(required(node, map(node, Set.of("service")), "service")));
			};
		}

		/** A duration setting in milliseconds, or a number as it is. */
		BigDecimal magnitude(Object value) {
			return (value instanceof String text) ? BigDecimal.valueOf(Durations.parse(text).toMillis())
					: (BigDecimal) value;
		}

		/** A setting's value, of the type of its default on that service. */
		Object setting(String service, String setting, YamlTree node) {
			Object value = ((YamlTree.Scalar) scalar(node)).value();
			if (this.catalogue.settings() == null) {
				if (value == null) {
					throw refuse(node, setting + " has no value");
				}
				return value;
			}
			Map<String, Object> settings = this.catalogue.settings().get(service);
			Object standard = settings.get(setting);
			if (standard == null) {
				throw refuse(node, "unknown fault setting '" + setting + "' of " + service + " (it has "
						+ String.join(", ", settings.keySet()) + ")");
			}
			if (standard instanceof String) {
				if (!(value instanceof String text) || !SETTING_DURATION.matcher(text).matches()) {
					throw refuse(node, setting + " is a duration such as 250ms or 2s, not '" + value + "'");
				}
				return text;
			}
			if (standard instanceof BigDecimal) {
				if (!(value instanceof BigDecimal number)) {
					throw refuse(node, setting + " is a number, not '" + value + "'");
				}
				return number;
			}
			if (!(value instanceof Boolean bool)) {
				throw refuse(node, setting + " is true or false, not '" + value + "'");
			}
			return bool;
		}

		String faulted(YamlTree node) {
			String service = service(node);
			if (this.catalogue.settings() != null && !this.catalogue.settings().containsKey(service)) {
				throw refuse(node, "the fault settings of " + service
						+ " are unknown: it did not describe them (not reachable from here, or its fault controls are off)");
			}
			return service;
		}

		String service(YamlTree node) {
			String service = text(node);
			if (!this.catalogue.services().contains(service)) {
				throw refuse(node, "unknown service '" + service + "' (the suite has "
						+ String.join(", ", this.catalogue.services()) + ")");
			}
			return service;
		}

		/** What an alert is about: a service, or a node's or probe's instance. */
		@Nullable String subject(@Nullable YamlTree node) {
			return (node != null) ? text(node) : null;
		}

		String alert(YamlTree node) {
			String alert = text(node);
			if (!this.catalogue.alerts().contains(alert)) {
				throw refuse(node, "unknown alert '" + alert + "' (not in " + Catalogue.RULES + ")");
			}
			return alert;
		}

		Duration duration(YamlTree node) {
			Object value = ((YamlTree.Scalar) scalar(node)).value();
			Duration duration = (value instanceof String text) ? Durations.parse(text) : null;
			if (duration == null || duration.isZero()) {
				throw refuse(node, "not a duration: '" + value + "' (use e.g. 90s, 5m, 1h30m)");
			}
			return duration;
		}

		String text(YamlTree node) {
			Object value = ((YamlTree.Scalar) scalar(node)).value();
			if (!(value instanceof String text) || text.isBlank()) {
				throw refuse(node, "expected text, found '" + value + "'");
			}
			return text;
		}

		YamlTree scalar(YamlTree node) {
			if (!(node instanceof YamlTree.Scalar)) {
				throw refuse(node,
						"expected a single value, found a " + ((node instanceof YamlTree.ListNode) ? "list" : "map"));
			}
			return node;
		}

		List<YamlTree> list(YamlTree node) {
			if (!(node instanceof YamlTree.ListNode list)) {
				throw refuse(node, "expected a list");
			}
			return list.items();
		}

		/**
		 * A map's entries, refusing keys outside {@code allowed} (any key where null).
		 */
		Map<String, YamlTree> map(YamlTree node, @Nullable Set<String> allowed) {
			if (!(node instanceof YamlTree.MapNode map)) {
				throw refuse(node, "expected a map of names to values");
			}
			if (allowed != null) {
				for (Map.Entry<String, YamlTree> entry : map.entries().entrySet()) {
					if (!allowed.contains(entry.getKey())) {
						throw refuse(entry.getValue(), "unknown key '" + entry.getKey() + "' (expected one of "
								+ String.join(", ", new TreeSet<>(allowed)) + ")");
					}
				}
			}
			return map.entries();
		}

		YamlTree required(YamlTree parent, Map<String, YamlTree> entries, String key) {
			YamlTree value = entries.get(key);
			if (value == null) {
				throw refuse(parent, "'" + key + "' is missing");
			}
			return value;
		}

		ScenarioException refuse(YamlTree node, String message) {
			return new ScenarioException(this.file, node.line(), message);
		}

	}

}
