package dev.o11ydemo.demoservice.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults currently injected: latency and a failure ratio on the service's routes, CPU
 * burnt on background threads, heap held on to, a failing readiness probe, and latency or
 * failures on the calls to one dependency. Starts from the configured defaults;
 * {@code /actuator/faults} changes them, for a while or until a reset. The
 * {@link FaultApplier}s carry each new state to what lies outside the request path.
 */
public final class FaultInjector implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FaultInjector.class);

	/** Longest time a change may last before it reverts on its own. */
	static final Duration MAX_DURATION = Duration.ofHours(24);

	private final Settings defaults;

	private final Supplier<Set<String>> dependencies;

	private final Clock clock;

	private final List<FaultApplier> appliers;

	private final FaultExpiry expiry = new FaultExpiry();

	/** Guards the fields below. */
	private final Object lock = new Object();

	private volatile Settings current;

	/**
	 * Which change last set each setting ("latency", "dependency:payment-service"...).
	 */
	private final Map<String, Long> setBy = new HashMap<>();

	private final Map<String, Instant> expiresAt = new TreeMap<>();

	private final Map<Kind, Instant> activeSince = new HashMap<>();

	private long changes;

	/**
	 * @param defaults the faults at start and after a reset
	 * @param dependencies the names of the services this one calls (its Feign clients)
	 * @param clock tells when faults started and when they expire
	 * @param appliers called at once with the defaults, then with every new state
	 */
	FaultInjector(Settings defaults, Supplier<Set<String>> dependencies, Clock clock, List<FaultApplier> appliers) {
		this.defaults = defaults;
		this.dependencies = dependencies;
		this.clock = clock;
		this.appliers = List.copyOf(appliers);
		this.current = defaults;
		defaults.active().forEach((kind) -> this.activeSince.put(kind, clock.instant()));
		this.appliers.forEach((applier) -> applier.apply(defaults));
	}

	public Settings current() {
		return this.current;
	}

	public Settings defaults() {
		return this.defaults;
	}

	/** The services whose calls can be faulted. */
	public Set<String> dependencies() {
		return this.dependencies.get();
	}

	/** Since when each active kind of fault is active. */
	public Map<Kind, Instant> activeSince() {
		synchronized (this.lock) {
			return Map.copyOf(this.activeSince);
		}
	}

	/** When each setting changed for a while reverts to its default. */
	public Map<String, Instant> expiresAt() {
		synchronized (this.lock) {
			return Map.copyOf(this.expiresAt);
		}
	}

	/**
	 * Applies the settings {@code change} gives, leaving the others as they are, and
	 * returns the new state. With a duration, what it set reverts to the defaults after
	 * it, unless a later change set it again.
	 * @throws IllegalArgumentException for a value out of range or an unknown dependency;
	 * nothing changes then
	 */
	public Settings update(Change change) {
		if (change.duration() != null && (change.duration().isNegative() || change.duration().isZero()
				|| change.duration().compareTo(MAX_DURATION) > 0)) {
			throw new IllegalArgumentException(
					"duration must be more than 0 and at most " + MAX_DURATION.toHours() + "h");
		}
		List<String> keys = change.keys();
		if (change.dependency() != null) {
			if (!dependencies().contains(change.dependency())) {
				throw new IllegalArgumentException("dependency must be one of the services this one calls: "
						+ (dependencies().isEmpty() ? "it calls none" : String.join(", ", dependencies())));
			}
		}
		else if (change.dependencyLatency() != null || change.dependencyFailureRatio() != null) {
			throw new IllegalArgumentException("dependencyLatency and dependencyFailureRatio need a dependency");
		}
		synchronized (this.lock) {
			Settings before = this.current;
			Map<String, DependencyFault> calls = new TreeMap<>(before.dependencies());
			if (change.dependency() != null) {
				DependencyFault call = before.dependencies().getOrDefault(change.dependency(), DependencyFault.NONE);
				calls.put(change.dependency(), new DependencyFault(orElse(change.dependencyLatency(), call.latency()),
						orElse(change.dependencyFailureRatio(), call.failureRatio())));
			}
			Map<FaultSetting, Object> values = new EnumMap<>(before.values());
			values.putAll(change.settings());
			Settings after = new Settings(values, calls);
			long id = ++this.changes;
			for (String key : keys) {
				this.setBy.put(key, id);
				if (change.duration() != null) {
					this.expiresAt.put(key, this.clock.instant().plus(change.duration()));
				}
				else {
					this.expiresAt.remove(key);
				}
			}
			apply(before, after, "changed");
			if (change.duration() != null) {
				this.expiry.schedule(change.duration(), () -> expire(id, keys, change.duration()));
			}
			return after;
		}
	}

	public Settings reset() {
		synchronized (this.lock) {
			this.changes++;
			this.setBy.clear();
			this.expiresAt.clear();
			apply(this.current, this.defaults, "reset to the defaults");
			return this.defaults;
		}
	}

	/** Reverts the settings of change {@code id} that no later change set again. */
	private void expire(long id, List<String> keys, Duration duration) {
		synchronized (this.lock) {
			Settings before = this.current;
			Settings after = before;
			for (String key : keys) {
				if (this.setBy.getOrDefault(key, -1L) == id) {
					this.setBy.remove(key);
					this.expiresAt.remove(key);
					after = after.withDefault(key, this.defaults);
				}
			}
			if (!after.equals(before)) {
				apply(before, after, "reverted after " + duration.toMillis() + "ms");
			}
		}
	}

	private void apply(Settings before, Settings after, String how) {
		this.current = after;
		Instant now = this.clock.instant();
		Set<Kind> was = before.active();
		Set<Kind> is = after.active();
		for (Kind kind : Kind.all()) {
			if (is.contains(kind) && !was.contains(kind)) {
				this.activeSince.put(kind, now);
				logger.warn("Fault started: {} ({})", kind.label(), after.describe(kind));
			}
			else if (!is.contains(kind) && was.contains(kind)) {
				this.activeSince.remove(kind);
				logger.warn("Fault ended: {}", kind.label());
			}
		}
		logger.warn("Faults {}: {}", how, after);
		this.appliers.forEach((applier) -> applier.apply(after));
	}

	/** Whether this request should fail, by the current ratio. */
	boolean shouldFail() {
		return fails(this.current.failureRatio());
	}

	static boolean fails(double ratio) {
		return ratio > 0 && ThreadLocalRandom.current().nextDouble() < ratio;
	}

	@Override
	public void close() {
		this.expiry.close();
	}

	private static <T> T orElse(@Nullable T value, T otherwise) {
		return (value != null) ? value : otherwise;
	}

	/**
	 * A kind of fault, as the {@code fault_active} gauge's {@code kind} label names it:
	 * one per {@link FaultSetting}, and the two of the calls to a dependency.
	 *
	 * @param label the gauge's label and the span events' {@code fault.kind}
	 */
	public record Kind(String label) {

		/** Latency on the calls to a dependency. */
		public static final Kind DEPENDENCY_LATENCY = new Kind("dependency_latency");

		/** Failures of the calls to a dependency. */
		public static final Kind DEPENDENCY_FAILURE = new Kind("dependency_failure");

		/** Every kind, in the order of the settings, then the dependencies'. */
		public static List<Kind> all() {
			List<Kind> kinds = new ArrayList<>();
			for (FaultSetting setting : FaultSetting.values()) {
				kinds.add(setting.kind());
			}
			kinds.add(DEPENDENCY_LATENCY);
			kinds.add(DEPENDENCY_FAILURE);
			return kinds;
		}

	}

	/**
	 * What one change through {@code /actuator/faults} sets; what it leaves out stays as
	 * it is.
	 *
	 * @param settings the service's own settings it sets, to these values
	 * @param dependency the called service the next two apply to
	 * @param dependencyLatency added before each call to {@code dependency}
	 * @param dependencyFailureRatio share of the calls to {@code dependency} that fail
	 * with a 503 as if it had answered so
	 * @param duration how long the settings given last before they revert to the
	 * defaults; null for until the next change or reset
	 */
	public record Change(Map<FaultSetting, Object> settings, @Nullable String dependency,
			@Nullable Duration dependencyLatency, @Nullable Double dependencyFailureRatio,
			@Nullable Duration duration) {

		/**
		 * @throws IllegalArgumentException for a value a setting does not take
		 */
		public Change {
			Map<FaultSetting, Object> checked = new EnumMap<>(FaultSetting.class);
			settings.forEach((setting, value) -> checked.put(setting, setting.check(value)));
			settings = Collections.unmodifiableMap(checked);
		}

		/** A change of the service's own settings only, for good. */
		public static Change of(Map<FaultSetting, Object> settings) {
			return new Change(settings, null, null, null, null);
		}

		/** Whether it sets anything at all. */
		boolean isEmpty() {
			return keys().isEmpty();
		}

		/** The keys of what it sets, a dependency's as {@code dependency:<name>}. */
		List<String> keys() {
			List<String> keys = new ArrayList<>();
			this.settings.keySet().forEach((setting) -> keys.add(setting.key()));
			if (this.dependency != null && (this.dependencyLatency != null || this.dependencyFailureRatio != null)) {
				keys.add("dependency:" + this.dependency);
			}
			return keys;
		}

	}

	/**
	 * One state of the faults.
	 *
	 * @param values the value of every {@link FaultSetting}
	 * @param dependencies faults on the calls to each named dependency
	 */
	public record Settings(Map<FaultSetting, Object> values, Map<String, DependencyFault> dependencies) {

		/**
		 * @throws IllegalArgumentException for a missing setting or a value a setting
		 * does not take
		 */
		public Settings {
			Map<FaultSetting, Object> checked = new EnumMap<>(FaultSetting.class);
			for (FaultSetting setting : FaultSetting.values()) {
				Object value = values.get(setting);
				if (value == null) {
					throw new IllegalArgumentException(setting.key() + " has no value");
				}
				checked.put(setting, setting.check(value));
			}
			values = Collections.unmodifiableMap(checked);
			Map<String, DependencyFault> faulted = new TreeMap<>();
			dependencies.forEach((name, fault) -> {
				if (!fault.equals(DependencyFault.NONE)) {
					faulted.put(name, fault);
				}
			});
			dependencies = Collections.unmodifiableMap(faulted);
		}

		/** No fault at all. */
		public static Settings none() {
			Map<FaultSetting, Object> values = new EnumMap<>(FaultSetting.class);
			for (FaultSetting setting : FaultSetting.values()) {
				values.put(setting, setting.none());
			}
			return new Settings(values, Map.of());
		}

		/** These settings with {@code setting} at {@code value}. */
		public Settings with(FaultSetting setting, Object value) {
			Map<FaultSetting, Object> values = new EnumMap<>(this.values);
			values.put(setting, value);
			return new Settings(values, this.dependencies);
		}

		/** Latency added before each request to the service's routes. */
		public Duration latency() {
			return (Duration) this.values.get(FaultSetting.LATENCY);
		}

		/** Share of those requests answered with a 500 problem. */
		public double failureRatio() {
			return (Double) this.values.get(FaultSetting.FAILURE_RATIO);
		}

		/** Share of the CPUs available to the JVM burnt on background threads. */
		public double cpu() {
			return (Double) this.values.get(FaultSetting.CPU);
		}

		/** Share of the long-lived heap filled with allocations held on to. */
		public double heap() {
			return (Double) this.values.get(FaultSetting.HEAP);
		}

		/** False while the readiness probe is made to fail. */
		public boolean ready() {
			return (Boolean) this.values.get(FaultSetting.READY);
		}

		/** The kinds of fault these settings inject. */
		public Set<Kind> active() {
			Set<Kind> kinds = new LinkedHashSet<>();
			this.values.forEach((setting, value) -> {
				if (!setting.isNone(value)) {
					kinds.add(setting.kind());
				}
			});
			for (DependencyFault call : this.dependencies.values()) {
				if (!call.latency().isZero()) {
					kinds.add(Kind.DEPENDENCY_LATENCY);
				}
				if (call.failureRatio() > 0) {
					kinds.add(Kind.DEPENDENCY_FAILURE);
				}
			}
			return kinds;
		}

		/** These settings with the one {@code key} names back at its default. */
		Settings withDefault(String key, Settings defaults) {
			if (key.startsWith("dependency:")) {
				String name = key.substring("dependency:".length());
				Map<String, DependencyFault> calls = new TreeMap<>(this.dependencies);
				calls.put(name, defaults.dependencies().getOrDefault(name, DependencyFault.NONE));
				return new Settings(this.values, calls);
			}
			FaultSetting setting = FaultSetting.of(key);
			return with(setting, defaults.values().get(setting));
		}

		/** What {@code kind} is at, for the log. */
		String describe(Kind kind) {
			for (FaultSetting setting : FaultSetting.values()) {
				if (setting.kind().equals(kind)) {
					return setting.key() + " " + setting.show(this.values.get(setting));
				}
			}
			return "calls to " + this.dependencies;
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder();
			this.values.forEach((setting,
					value) -> text.append(setting.key()).append(' ').append(setting.show(value)).append(", "));
			return text.append("dependencies ").append(this.dependencies).toString();
		}

	}

	/**
	 * Faults on the calls to one dependency.
	 *
	 * @param latency added before each call
	 * @param failureRatio share of the calls that fail with a 503
	 */
	public record DependencyFault(Duration latency, double failureRatio) {

		static final DependencyFault NONE = new DependencyFault(Duration.ZERO, 0);

		public DependencyFault {
			if (latency == null || latency.isNegative() || latency.compareTo(FaultSetting.MAX_LATENCY) > 0) {
				throw new IllegalArgumentException(
						"dependencyLatency must be between 0 and " + FaultSetting.MAX_LATENCY.toSeconds() + "s");
			}
			if (!(failureRatio >= 0 && failureRatio <= 1)) {
				throw new IllegalArgumentException("dependencyFailureRatio must be between 0 and 1");
			}
		}

		@Override
		public String toString() {
			return "latency " + this.latency.toMillis() + "ms, failure ratio " + this.failureRatio;
		}

	}

}
