package dev.o11ydemo.loadtest.gameday;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.loadtest.FaultControl;

/**
 * A target reached over HTTP: its services' fault controls ({@link FaultControl}, as the
 * drills use them), and on Kubernetes {@code kubectl}: {@code scale} for {@code remove}
 * (the service's Rollout where the canary component runs its pods, else its Deployment),
 * and {@code set env} on the Deployment's pod template for {@code release}, which the
 * service's Rollout brings out as a canary. A stop that leaves the scrape target is not
 * something it can do: a platform that restarts crashed services (Kubernetes, compose)
 * brings them back.
 */
public class HttpPlatform implements Platform {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Function<String, @Nullable String> urls;

	private final @Nullable String authorization;

	private final @Nullable String namespace;

	private final String kubectl;

	private final Map<String, FaultControl> controls = new ConcurrentHashMap<>();

	/** Replicas before a remove, by service. */
	private final Map<String, String> replicas = new ConcurrentHashMap<>();

	/** The variables a release set, by service. */
	private final Map<String, List<String>> released = new ConcurrentHashMap<>();

	/**
	 * @param urls each service's base URL, or null where it is not reachable
	 * @param authorization the fault controls' Authorization header, or null
	 * @param namespace the Kubernetes namespace for {@code remove}, or null where there
	 * is none
	 */
	public HttpPlatform(Function<String, @Nullable String> urls, @Nullable String authorization,
			@Nullable String namespace) {
		this(urls, authorization, namespace, "kubectl");
	}

	/**
	 * @param kubectl the kubectl to run (a test's stand-in for a cluster's API server)
	 */
	HttpPlatform(Function<String, @Nullable String> urls, @Nullable String authorization, @Nullable String namespace,
			String kubectl) {
		this.urls = urls;
		this.authorization = authorization;
		this.namespace = namespace;
		this.kubectl = kubectl;
	}

	@Override
	public Set<String> supports() {
		Set<String> kinds = new TreeSet<>(Set.of("fault", "ramp", "crash"));
		if (this.namespace != null) {
			kinds.add("remove");
			kinds.add("release");
		}
		return kinds;
	}

	@Override
	public String whyNot(String kind) {
		return switch (kind) {
			case "remove" -> "remove scales a Deployment to zero: give --namespace NAMESPACE (kubectl's context"
					+ " must be the cluster's)";
			case "release" -> "release changes a Deployment's pod template for its Rollout to bring out as a"
					+ " canary: give --namespace NAMESPACE, on a cluster with the canary component"
					+ " (k8s/overlays/eks-canary)";
			case "stop" -> "stop keeps the scrape target of a stopped process, which a platform that restarts"
					+ " crashed services never does; on Kubernetes use remove (ServiceAbsent) instead";
			default -> kind + " is not supported here";
		};
	}

	/**
	 * The service's fault controls, or a refusal naming the option that gives its URL.
	 */
	private FaultControl control(String service) {
		return this.controls.computeIfAbsent(service, (name) -> {
			String url = this.urls.apply(name);
			if (url == null) {
				throw new IllegalStateException(name + " is not reachable from here: give its own URL (--"
						+ name.replace("-service", "") + " URL)");
			}
			// Quiet: the game day's status line and scorecard say what was set.
			return new FaultControl(name, url, this.authorization, (message) -> {
			});
		});
	}

	@Override
	public void requireControl(String service) {
		control(service).requireAvailable();
	}

	@Override
	public Map<String, Object> settings(String service) {
		return Catalogue.settingsOf(json.readTree(control(service).describe()));
	}

	@Override
	public void set(String service, Map<String, Object> settings, Duration expiry) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>(settings);
		body.put("duration", Math.max(1, expiry.toSeconds()) + "s");
		control(service).set(json.writeValueAsString(body));
	}

	@Override
	public void reset(String service) throws IOException {
		control(service).reset();
	}

	@Override
	public void crash(String service, Duration timeout) throws Exception {
		FaultControl control = control(service);
		control.crash();
		// Give the old JVM time to go, so its last answers are not taken for the new
		// one's.
		Thread.sleep(2000);
		if (!control.awaitReady(timeout)) {
			throw new IOException(service + " did not come back within " + Durations.show(timeout)
					+ " of its crash: nothing restarts it here");
		}
	}

	@Override
	public void stop(String service) throws Exception {
		throw new UnsupportedOperationException(whyNot("stop"));
	}

	@Override
	public void start(String service) throws Exception {
		throw new UnsupportedOperationException(whyNot("stop"));
	}

	@Override
	public void remove(String service) throws Exception {
		String workload = workload(service);
		String current = kubectl("get", workload, "-o", "jsonpath={.spec.replicas}").strip();
		this.replicas.put(service, current.isEmpty() ? "1" : current);
		kubectl("scale", workload, "--replicas=0");
	}

	@Override
	public void restore(String service) throws Exception {
		String count = this.replicas.remove(service);
		kubectl("scale", workload(service), "--replicas=" + ((count != null) ? count : "1"));
	}

	@Override
	public void release(String service, Map<String, Object> settings) throws Exception {
		if (rollout(service) == null) {
			throw new IOException("no Rollout " + service + " in namespace " + this.namespace
					+ ": without the canary component (k8s/components/canary) a release goes to every pod at once");
		}
		List<String> variables = new ArrayList<>();
		List<String> command = new ArrayList<>(List.of("set", "env", "deployment/" + service));
		settings.forEach((setting, value) -> {
			variables.add(Scenario.Release.variable(setting));
			command.add(Scenario.Release.variable(setting) + "="
					+ ((value instanceof BigDecimal number) ? number.toPlainString() : value));
		});
		this.released.put(service, variables);
		kubectl(command.toArray(String[]::new));
	}

	@Override
	public void rollBack(String service) throws Exception {
		List<String> command = new ArrayList<>(List.of("set", "env", "deployment/" + service));
		this.released.remove(service).forEach((variable) -> command.add(variable + "-"));
		kubectl(command.toArray(String[]::new));
	}

	/**
	 * What runs the service's pods: its Rollout where the canary component is applied,
	 * else its Deployment.
	 */
	private String workload(String service) throws Exception {
		String rollout = rollout(service);
		return (rollout != null) ? rollout : "deployment/" + service;
	}

	/** The service's Rollout, or null where there is none (or no Argo Rollouts). */
	private @Nullable String rollout(String service) throws Exception {
		try {
			String name = kubectl("get", "rollouts.argoproj.io", service, "--ignore-not-found", "-o", "name").strip();
			return name.isEmpty() ? null : name;
		}
		catch (IOException ex) {
			// the cluster has no such resource type
			return null;
		}
	}

	private String kubectl(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(this.kubectl, "--namespace", String.valueOf(this.namespace)));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + output.strip());
		}
		return output;
	}

}
