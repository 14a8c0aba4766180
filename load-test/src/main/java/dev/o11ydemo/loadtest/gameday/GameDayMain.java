package dev.o11ydemo.loadtest.gameday;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import dev.o11ydemo.testsupport.Topology;

/**
 * {@code load-test/run.sh [TARGET] gameday [SCENARIO]}: checks the scenario against the
 * target (its services' own fault settings, the rule file's alerts, what the platform can
 * do), then runs it with steady traffic and writes the scorecard. Options come from
 * run.sh as {@code --name value} pairs; the fault token and Grafana's token come from the
 * environment ({@code FAULT_TOKEN}, {@code GRAFANA_TOKEN}), never the command line. Exit
 * status: 0 passed, 1 an expectation failed, 2 the scenario was refused, 3 the target
 * cannot take it.
 */
public final class GameDayMain {

	private GameDayMain() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (int index = 0; index + 1 < args.length; index += 2) {
			options.put(args[index].replaceFirst("^--", ""), args[index + 1]);
		}
		Path root = Topology.root();
		Path file = Path.of(options.get("scenario"));
		Map<String, @Nullable String> urls = new LinkedHashMap<>();
		for (String service : Topology.read().names()) {
			String url = options.getOrDefault(service, "");
			urls.put(service, url.isEmpty() ? null : url);
		}
		String token = System.getenv("FAULT_TOKEN");
		HttpPlatform platform = new HttpPlatform(urls::get,
				(token == null || token.isBlank()) ? null : "Bearer " + token.trim(),
				options.getOrDefault("namespace", "").isEmpty() ? null : options.get("namespace"));
		Set<String> skip = new TreeSet<>();
		for (String kind : options.getOrDefault("skip", "").split(",")) {
			if (!kind.isBlank()) {
				skip.add(kind.strip());
			}
		}
		Scenario scenario;
		try {
			scenario = Scenario.read(file, Catalogue.live(root, platform));
			GameDay.requireSupported(scenario, platform, file, skip);
		}
		catch (ScenarioException ex) {
			System.out.println("refused: " + ex.getMessage());
			System.exit(2);
			return;
		}
		AlertWatch watch = new AlertWatch(options.get("prometheus"), options.get("alertmanager"), null);
		try {
			watch.requireReachable();
			for (String service : controlled(scenario, skip)) {
				platform.requireControl(service);
			}
		}
		catch (Exception ex) {
			System.out.println("stopped: " + ex.getMessage());
			System.exit(3);
			return;
		}
		String grafana = options.getOrDefault("grafana", "");
		String grafanaToken = System.getenv("GRAFANA_TOKEN");
		Annotations annotations = null;
		if (!grafana.isEmpty()) {
			if (grafanaToken == null || grafanaToken.isBlank()) {
				System.out.println("stopped: --grafana needs a service account token in GRAFANA_TOKEN");
				System.exit(3);
				return;
			}
			annotations = new Annotations(grafana, grafanaToken.trim());
		}
		double speed = Double.parseDouble(options.getOrDefault("speed", "1"));
		System.out.println("game day " + scenario.name() + ": " + scenario.summary());
		System.out.println("  " + scenario.steps().size() + " steps in " + scenario.stages().size()
				+ " stages; Prometheus " + options.get("prometheus") + ", Alertmanager " + options.get("alertmanager"));
		Scorecard scorecard;
		// Behind one host (the ALB) the routes of auth and order are path prefixes of
		// service-a's; their fault
		// controls are not, so only a service's own URL reaches those.
		String serviceA = urls.get("service-a");
		try (SteadyTraffic traffic = new SteadyTraffic(serviceA, urls.get("service-b"),
				Objects.requireNonNullElse(urls.get("auth-service"), serviceA),
				Objects.requireNonNullElse(urls.get("order-service"), serviceA),
				Double.parseDouble(options.getOrDefault("rate", "10")))) {
			GameDay gameDay = new GameDay(scenario, platform, watch, speed,
					Duration.ofMillis(Math.max(1000, Math.min(5000, Math.round(15000 / speed)))),
					Status.console(Boolean.parseBoolean(options.get("terminal"))), annotations, traffic, skip);
			Thread undoOnExit = new Thread(() -> {
				System.out.println();
				System.out.println("gameday: interrupted; undoing what is still acted on");
				gameDay.abort();
			}, "undo-on-exit");
			Runtime.getRuntime().addShutdownHook(undoOnExit);
			scorecard = gameDay.run();
			Runtime.getRuntime().removeShutdownHook(undoOnExit);
		}
		Path report = Path.of(options.getOrDefault("report", root.resolve("load-test/target/gameday").toString()))
			.resolve(
					scenario.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
		ScorecardWriter.write(scorecard, report);
		System.out.println();
		System.out.print(ScorecardWriter.markdown(scorecard));
		System.out.println();
		System.out.println("scorecard: " + report.resolve("scorecard.html") + " (also .md and .json)");
		System.exit(scorecard.passed() ? 0 : 1);
	}

	/**
	 * The services whose fault controls a scenario uses, in the steps not skipped: a
	 * remove or a release goes through kubectl instead, and needs no fault token.
	 */
	static Set<String> controlled(Scenario scenario, Set<String> skip) {
		Set<String> services = new TreeSet<>();
		scenario.steps().forEach((step) -> {
			if (step.action() != null && !skip.contains(step.action().kind())
					&& Set.of("fault", "ramp", "crash").contains(step.action().kind())) {
				services.add(step.action().service());
			}
		});
		return services;
	}

}
