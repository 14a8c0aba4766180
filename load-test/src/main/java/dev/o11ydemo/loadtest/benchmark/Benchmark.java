package dev.o11ydemo.loadtest.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.ServiceLauncher;
import dev.o11ydemo.testsupport.Topology;

/**
 * The suite's benchmark (load-test/benchmark.sh): for the agent attached and not
 * attached, starts the suite's services one by one, wired as scripts/services says (time
 * to ready), lets them idle (RSS), scrapes each (size, series), then drives each route
 * with a fixed open-model rate through load-test/run.sh (req/s, p50, p99, errors, CPU per
 * request from the services' own CPU time, split by thread with {@link ThreadCpu}), and,
 * where wrk is installed, its closed-loop maximum. GET /call-service-b is then profiled
 * at the same rate ({@link Profile}). Each set-up records the machine's CPU, the
 * benchmark's and every other process's ({@link MachineCpu}). Loopback only; prints a
 * Markdown table with the targets ({@link Targets}) and writes it with the JSON and an
 * HTML page with charts next to it. The services run with the JVM settings of their pods
 * ({@link ContainerJvm}). With {@code bench.rounds} above one, every set-up is measured
 * once per round, and each target is judged on the median of its rounds.
 */
public final class Benchmark {

	/**
	 * A measured route: the load-test scenario that drives it, the fixed arrival rate
	 * (per second) and the warm-up before the measurement. POST /order warms up for two
	 * minutes: at 100 orders/s, ten seconds left the JIT compiler busy through the
	 * measurement and more than doubled the CPU per order (docs/performance.md).
	 */
	record Route(String name, String scenario, String path, double rate, Duration warmup) {
	}

	/**
	 * The cheapest route, whose closed-loop maximum shows the per-request overhead. It
	 * warms up for a minute, as {@link #CALL} does: after ten seconds the JIT compiler
	 * was still a fifth to a quarter of its CPU per request.
	 */
	static final Route HOME = new Route("GET /", "single", "/", 5000, Duration.ofSeconds(60));

	/**
	 * The traced hop between two services, profiled after it is measured. It warms up for
	 * a minute: after ten seconds the JIT compiler's share of its CPU per call varied
	 * from a quarter to 45 % between set-ups, and two runs of the same set-up differed by
	 * a quarter (docs/performance.md).
	 */
	static final Route CALL = new Route("GET /call-service-b", "single", "/call-service-b", 1000,
			Duration.ofSeconds(60));

	static final List<Route> ROUTES = List.of(HOME, CALL,
			new Route("POST /order", "orders", "/order", 100, Duration.ofSeconds(120)),
			new Route("GET /metrics", "single", "/metrics", 20, Duration.ofSeconds(10)));

	private static final Pattern RUN_SCRIPT_READY = Pattern.compile("services ready after (\\d+) s");

	private final Path root;

	private final Path out;

	private final Duration duration;

	/** One warm-up for every route, or null for each route's own. */
	private final Duration warmup;

	private final ContainerJvm jvm;

	private Benchmark(Path root, Duration duration, Duration warmup) throws IOException {
		this.root = root;
		this.out = root.resolve("target/benchmark");
		this.duration = duration;
		this.warmup = warmup;
		this.jvm = ContainerJvm.of(Files.readString(root.resolve("Dockerfile")),
				Files.readString(root.resolve("k8s/components/jvm-service/pod.yaml")), Runtime.version().feature());
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]).toAbsolutePath().normalize();
		Duration duration = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.duration", "20")));
		String warmupSeconds = System.getProperty("bench.warmup");
		Duration warmup = (warmupSeconds != null) ? Duration.ofSeconds(Long.parseLong(warmupSeconds)) : null;
		new Benchmark(root, duration, warmup).run();
	}

	private void run() throws Exception {
		Files.createDirectories(this.out);
		System.out.println("JVM as in the pod: " + String.join(" ", this.jvm.options()) + " " + this.jvm.environment());
		Map<String, Map<String, Object>> results = new LinkedHashMap<>();
		String modes = System.getProperty("bench.modes", Mode.defaults(Runtime.version().feature()));
		int rounds = Integer.getInteger("bench.rounds", 1);
		// Round after round, every set-up once in each: a set-up's rounds are spread over
		// the run, and each is compared with the others of its own round (Targets).
		for (int round = 1; round <= rounds; round++) {
			for (String mode : modes.split(",")) {
				String name = (rounds > 1) ? Targets.inRound(mode, round) : mode;
				System.out.println("== " + name);
				results.put(name, measure(name, Mode.of(mode)));
			}
		}
		Map<String, Object> runScript = runScript();
		Instant finished = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String stamp = finished.toString().replace(":", "").replace("Z", "");
		String markdown = Report.markdown(results, runScript, machine());
		System.out.println();
		System.out.println(markdown);
		Files.writeString(this.out.resolve("benchmark-" + stamp + ".md"), markdown);
		Files.writeString(this.out.resolve("benchmark-" + stamp + ".json"), Report.json(results, runScript, machine()));
		Files.writeString(this.out.resolve("benchmark-" + stamp + ".html"),
				Report.html(results, runScript, machine(), "load-test/benchmark.sh, " + finished));
		System.out.println("written: " + this.out.resolve("benchmark-" + stamp + ".md") + ", .json and .html");
	}

	/**
	 * A set-up to measure, named by what it changes from the pods' JVM settings with the
	 * agent attached ("agent"): "no agent", "jvm defaults" (no JVM options at all, as the
	 * services ran before they were sized), "aot" (the image's AOT cache, trained by
	 * scripts/service.sh with the same JVM settings; needs Java 25 on the PATH), "no
	 * access log", "urlconnection" (Feign on the JDK's HttpURLConnection instead of
	 * Apache HttpClient 5), "all instrumentations" (every instrumentation of the agent,
	 * not only those scripts/otel-agent.properties enables). Names combine: "no agent jvm
	 * defaults", "no agent aot". A word of the form {@code NAME=value} sets that
	 * environment variable for every service: "agent
	 * OTEL_INSTRUMENTATION_SERVLET_ENABLED=false" measures one setting's cost.
	 */
	record Mode(boolean agent, boolean jvmDefaults, Map<String, String> environment) {

		private static final Pattern VARIABLE = Pattern.compile("([A-Z][A-Z0-9_]*)=(\\S*)");

		static Mode of(String name) {
			Map<String, String> environment = new LinkedHashMap<>();
			Matcher variable = VARIABLE.matcher(name);
			while (variable.find()) {
				environment.put(variable.group(1), variable.group(2));
			}
			if (name.contains("no access log")) {
				environment.put("OBSERVABILITY_LOGGING_ACCESSLOG", "false");
			}
			if (name.contains("urlconnection")) {
				environment.put("SPRING_CLOUD_OPENFEIGN_HTTPCLIENT_HC5_ENABLED", "false");
			}
			if (name.contains("aot")) {
				environment.put("SERVICE_AOT", "auto");
			}
			if (name.contains("all instrumentations")) {
				environment.put("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "true");
			}
			return new Mode(!name.contains("no agent"), name.contains("jvm defaults"), environment);
		}

		/**
		 * The modes measured when none are named: the JVM's defaults, the pods' settings,
		 * and (where the java is 25 or newer) those settings with the AOT cache, each
		 * with and without the agent; and the pods' settings with all the agent's
		 * instrumentations.
		 */
		static String defaults(int javaFeature) {
			String modes = "jvm defaults,no agent jvm defaults,agent,no agent,agent all instrumentations";
			return (javaFeature >= 25) ? modes + ",agent aot,no agent aot" : modes;
		}

	}

	private Map<String, Object> measure(String name, Mode mode) throws Exception {
		Map<String, Object> result = new LinkedHashMap<>();
		MachineCpu.Reading machineBefore = MachineCpu.read(ProcessHandle.current());
		long began = System.nanoTime();
		Path data = Files.createTempDirectory("benchmark-data");
		if (mode.environment().containsKey("SERVICE_AOT")) {
			// The first start with these settings trains each cache; the starts measured
			// are the ones that use it.
			Map<String, Service> training = new LinkedHashMap<>();
			try {
				startAll(mode, data, training);
			}
			finally {
				stop(training.values());
			}
		}
		Map<String, Service> started = new LinkedHashMap<>();
		try {
			startAll(mode, data, started);
			List<Service> services = List.copyOf(started.values());
			Service a = started.get("service-a");
			Service auth = started.get("auth-service");
			Service order = started.get("order-service");
			Service payment = started.get("payment-service");

			Map<String, Object> startup = new LinkedHashMap<>();
			services.forEach((service) -> startup.put(service.name, service.readyMillis));
			result.put("startupMs", startup);
			Thread.sleep(10_000);
			result.put("idleRssMiB", rss(services));
			Map<String, Object> scrapes = new LinkedHashMap<>();
			for (Service service : services) {
				String body = Http.get(service.url() + "/metrics").body();
				long series = body.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).count();
				scrapes.put(service.name, Map.of("bytes", body.length(), "series", series));
			}
			result.put("scrape", scrapes);

			Map<String, Object> routes = new LinkedHashMap<>();
			for (Route route : ROUTES) {
				System.out.println("-- " + route.name() + " at " + route.rate() + "/s");
				drive(route, a, auth, order, payment, (this.warmup != null) ? this.warmup : route.warmup(), null);
				Duration cpuBefore = cpu(services);
				List<ThreadCpu.Reading> threadsBefore = threads(services);
				Path summary = this.out.resolve("summary.json");
				Files.deleteIfExists(summary);
				drive(route, a, auth, order, payment, this.duration, summary);
				Duration cpu = cpu(services).minus(cpuBefore);
				Map<ThreadCpu.Kind, Duration> split = split(threads(services), threadsBefore);
				Map<String, Object> figures = Report.parseAll(Files.readString(summary));
				long count = ((Number) figures.get("count")).longValue();
				figures.put("cpuMsPerRequest", (count > 0) ? cpu.toNanos() / 1e6 / count : null);
				Map<String, Object> splitMs = new LinkedHashMap<>();
				split.forEach(
						(kind, used) -> splitMs.put(kind.label, (count > 0) ? used.toNanos() / 1e6 / count : null));
				figures.put("cpuSplitMs", splitMs);
				figures.put("rate", route.rate());
				if (route.equals(CALL)) {
					result.put("profile",
							profile(route, a, auth, order, payment, name, List.of(a, started.get("service-b"))));
				}
				if (!route.scenario().equals("orders")) {
					figures.put("wrkMax", wrk(a.url() + route.path()));
				}
				routes.put(route.name(), figures);
			}
			result.put("routes", routes);
			result.put("loadedRssMiB", rss(services));
		}
		finally {
			stop(started.values());
		}
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("elapsedS", Duration.ofNanos(System.nanoTime() - began).toSeconds());
		machine.putAll(MachineCpu.read(ProcessHandle.current()).since(machineBefore));
		result.put("machineCpu", machine);
		return result;
	}

	/**
	 * Seconds until {@code ./run.sh} says all its services are ready, started as a user
	 * starts it (its own JVM settings, a fresh start of each service), and each service's
	 * RSS after ten idle seconds, by the set-up: the default, and on Java 25 or newer
	 * {@code SERVICE_AOT=auto} (its first start trains the caches, the second is
	 * measured). Empty when the script's fixed ports are taken.
	 */
	private Map<String, Object> runScript() throws Exception {
		Map<String, Object> ready = new LinkedHashMap<>();
		for (Topology.Service service : Topology.read(this.root.resolve(Topology.FILE)).services()) {
			if (!ServiceLauncher.isFree(service.port())) {
				System.out.println("./run.sh not measured: port " + service.port() + " is taken");
				return ready;
			}
		}
		System.out.println("== ./run.sh");
		ready.put(Targets.RUN_SCRIPT, runScriptReady(Map.of()));
		if (Runtime.version().feature() >= 25) {
			runScriptReady(Map.of("SERVICE_AOT", "auto"));
			ready.put("SERVICE_AOT=auto ./run.sh", runScriptReady(Map.of("SERVICE_AOT", "auto")));
		}
		return ready;
	}

	private Map<String, Object> runScriptReady(Map<String, String> environment) throws Exception {
		// Its output goes to a file, not a pipe: the script's trap still writes to it
		// while it stops the services.
		Path log = this.out.resolve("run-sh.log");
		ProcessBuilder builder = new ProcessBuilder("bash", this.root.resolve("run.sh").toString())
			.directory(this.root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().keySet().removeIf((key) -> key.startsWith("OTEL_") || key.equals("JAVA_OPTS"));
		builder.environment().putAll(environment);
		Process run = builder.start();
		try {
			long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
			while (run.isAlive() && System.nanoTime() < deadline) {
				Matcher said = RUN_SCRIPT_READY.matcher(Files.readString(log));
				if (said.find()) {
					System.out.println(said.group());
					Thread.sleep(10_000);
					Map<String, Object> figures = new LinkedHashMap<>();
					figures.put("readySeconds", Long.parseLong(said.group(1)));
					figures.put("idleRssMiB", rssOfServices(run));
					return figures;
				}
				Thread.sleep(200);
			}
			System.out.println("./run.sh did not say its services were ready; see " + log);
			return Map.of();
		}
		finally {
			// What Ctrl-C does: the script's trap stops the services it started.
			run.destroy();
			run.waitFor(60, TimeUnit.SECONDS);
			for (Topology.Service service : Topology.read(this.root.resolve(Topology.FILE)).services()) {
				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (!ServiceLauncher.isFree(service.port()) && System.nanoTime() < deadline) {
					Thread.sleep(200);
				}
			}
		}
	}

	/**
	 * The RSS of each service {@code ./run.sh} started, by the directory of the jar it
	 * runs ({@code <service>/target/<service>-<version>-exec.jar}).
	 */
	private static Map<String, Object> rssOfServices(Process run) throws IOException {
		Map<String, Object> rss = new LinkedHashMap<>();
		for (ProcessHandle descendant : run.descendants().toList()) {
			String[] arguments = descendant.info().arguments().orElse(new String[0]);
			for (String argument : arguments) {
				if (argument.endsWith("-exec.jar")) {
					rss.put(Path.of(argument).getParent().getParent().getFileName().toString(), rss(descendant.pid()));
				}
			}
		}
		return rss;
	}

	/**
	 * Starts every service of the topology in order into {@code started}, each wired to
	 * those before it.
	 */
	private void startAll(Mode mode, Path data, Map<String, Service> started) throws Exception {
		for (Topology.Service service : Topology.read(this.root.resolve(Topology.FILE)).services()) {
			started.put(service.name(),
					start(service.name(), mode, data, service.wiring((called) -> started.get(called).url())));
		}
	}

	private static void stop(Collection<Service> services) throws InterruptedException {
		for (Service service : services) {
			service.process.destroy();
			service.process.waitFor(20, TimeUnit.SECONDS);
		}
	}

	private void drive(Route route, Service a, Service auth, Service order, Service payment, Duration length,
			Path summary) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", this.root.resolve("load-test/run.sh").toString(),
				a.url(), route.scenario(), "--auth", auth.url(), "--order", order.url(), "--payment", payment.url(),
				"--rate", Double.toString(route.rate()), "--duration", length.toSeconds() + "s", "--ramp", "5s",
				"--no-limits", "--no-build", "--results", this.out.resolve("gatling").toString()));
		if (route.scenario().equals("single")) {
			command.addAll(List.of("--path", route.path()));
		}
		if (summary != null) {
			command.addAll(List.of("--summary", summary.toString()));
		}
		Path log = this.out.resolve("load.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(length.toSeconds() + 120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("load-test/run.sh did not finish; see " + log);
		}
		// A failed assertion (over 1 % errors) still yields figures: the error count is
		// part of the result.
		if (summary != null && !Files.exists(summary)) {
			throw new IllegalStateException("load-test/run.sh wrote no summary; see " + log);
		}
	}

	/**
	 * requests/s of wrk's closed loop (2 threads, 32 connections, 10 s), or null without
	 * wrk.
	 */
	private static Double wrk(String url) throws Exception {
		Process process;
		try {
			process = new ProcessBuilder("wrk", "-t2", "-c32", "-d10s", url).redirectErrorStream(true).start();
		}
		catch (IOException notInstalled) {
			return null;
		}
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor(60, TimeUnit.SECONDS);
		Matcher matcher = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : null;
	}

	private Service start(String name, Mode mode, Path data, Map<String, String> environment) throws Exception {
		int port = ServiceLauncher.freePort();
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("DATA_DIR", data.toString());
		settings.put("SERVICE_AGENT", mode.agent() ? "on" : "off");
		if (mode.jvmDefaults()) {
			settings.put("JAVA_OPTS", "");
		}
		else {
			settings.put("JAVA_OPTS", String.join(" ", this.jvm.options()));
			settings.putAll(this.jvm.environment());
		}
		settings.putAll(mode.environment());
		settings.putAll(environment);
		Path log = this.out.resolve(name + ".log");
		long started = System.nanoTime();
		Process process = ServiceLauncher.start(this.root, name, port, settings, log, null);
		Service service = new Service(name, port, process);
		ServiceLauncher.awaitReady(process, name, port, Duration.ofSeconds(120), Duration.ofMillis(20), log);
		service.readyMillis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf(Locale.ROOT, "%s ready in %d ms%n", name, service.readyMillis);
		return service;
	}

	private static Map<String, Object> rss(List<Service> services) throws IOException {
		Map<String, Object> rss = new LinkedHashMap<>();
		for (Service service : services) {
			rss.put(service.name, rss(service.process.pid()));
		}
		return rss;
	}

	/** A process's resident set in MiB (null where /proc shows none). */
	private static Long rss(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
			}
		}
		return null;
	}

	private static List<ThreadCpu.Reading> threads(List<Service> services) {
		return services.stream().map((service) -> ThreadCpu.read(service.process.pid())).toList();
	}

	private static Map<ThreadCpu.Kind, Duration> split(List<ThreadCpu.Reading> after, List<ThreadCpu.Reading> before) {
		Map<ThreadCpu.Kind, Duration> total = new EnumMap<>(ThreadCpu.Kind.class);
		for (int i = 0; i < after.size(); i++) {
			after.get(i).since(before.get(i)).forEach((kind, used) -> total.merge(kind, used, Duration::plus));
		}
		return total;
	}

	/**
	 * A JFR recording of the profiled services while the route runs at its rate once
	 * more, after its measured window (the recording costs CPU of its own), summarised by
	 * library and method; the recordings stay in target/benchmark for JDK Mission
	 * Control. Empty where the JDK has no jcmd.
	 */
	private Map<String, Object> profile(Route route, Service a, Service auth, Service order, Service payment,
			String mode, List<Service> profiled) throws Exception {
		Map<String, Object> summaries = new LinkedHashMap<>();
		Map<Service, Path> recordings = new LinkedHashMap<>();
		try {
			for (Service service : profiled) {
				Path recording = this.out
					.resolve("profile-" + mode.replaceAll("\\W+", "-") + "-" + service.name + ".jfr");
				Profile.start(service.process.pid(), recording);
				recordings.put(service, recording);
			}
			drive(route, a, auth, order, payment, this.duration, null);
		}
		catch (Profile.NotStarted ex) {
			System.out.println("no profile: " + ex.getMessage());
			return summaries;
		}
		finally {
			for (Service service : recordings.keySet()) {
				Profile.stop(service.process.pid());
			}
		}
		for (Map.Entry<Service, Path> recording : recordings.entrySet()) {
			summaries.put(recording.getKey().name, Profile.summarise(recording.getValue(), 8));
		}
		return summaries;
	}

	private static Duration cpu(List<Service> services) {
		Duration total = Duration.ZERO;
		for (Service service : services) {
			total = total.plus(service.process.info().totalCpuDuration().orElse(Duration.ZERO));
		}
		return total;
	}

	private static Map<String, Object> machine() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cpus", Runtime.getRuntime().availableProcessors());
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		return machine;
	}

	private static final class Service {

		final String name;

		final int port;

		final Process process;

		long readyMillis;

		Service(String name, int port, Process process) {
			this.name = name;
			this.port = port;
			this.process = process;
		}

		String url() {
			return Http.loopback(this.port, "");
		}

	}

}
