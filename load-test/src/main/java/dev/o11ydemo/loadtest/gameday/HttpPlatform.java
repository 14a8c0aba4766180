package dev.o11ydemo.loadtest.gameday;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * A target reached over HTTP: its services' {@code /actuator/faults} and {@code /crash},
 * with the fault token where one is given, and on Kubernetes {@code kubectl scale} for
 * {@code remove}. A stop that leaves the scrape target is not something it can do: a
 * platform that restarts crashed services (Kubernetes, compose) brings them back.
 */
public class HttpPlatform implements Platform {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final Function<String, @Nullable String> urls;

	private final @Nullable String authorization;

	private final @Nullable String namespace;

	/** Replicas before a remove, by service. */
	private final Map<String, String> replicas = new ConcurrentHashMap<>();

	/**
	 * @param urls each service's base URL, or null where it is not reachable
	 * @param authorization the fault controls' Authorization header, or null
	 * @param namespace the Kubernetes namespace for {@code remove}, or null where there
	 * is none
	 */
	public HttpPlatform(Function<String, @Nullable String> urls, @Nullable String authorization,
			@Nullable String namespace) {
		this.urls = urls;
		this.authorization = authorization;
		this.namespace = namespace;
	}

	@Override
	public Set<String> supports() {
		Set<String> kinds = new TreeSet<>(Set.of("fault", "ramp", "crash"));
		if (this.namespace != null) {
			kinds.add("remove");
		}
		return kinds;
	}

	@Override
	public String whyNot(String kind) {
		return switch (kind) {
			case "remove" -> "remove scales a Deployment to zero: give --namespace NAMESPACE (kubectl's context"
					+ " must be the cluster's)";
			case "stop" -> "stop keeps the scrape target of a stopped process, which a platform that restarts"
					+ " crashed services never does; on Kubernetes use remove (ServiceAbsent) instead";
			default -> kind + " is not supported here";
		};
	}

	/** The service's base URL, or a refusal naming the option that gives it. */
	protected String url(String service) {
		String url = this.urls.apply(service);
		if (url == null) {
			throw new IllegalStateException(service + " is not reachable from here: give its own URL (--"
					+ service.replace("-service", "") + " URL)");
		}
		return url;
	}

	@Override
	public Map<String, Object> settings(String service) throws IOException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/faults")));
		if (response.statusCode() == 404) {
			throw new IOException("the fault controls of " + service + " are switched off"
					+ " (DEMO_FAULTROUTES_ENABLED=false): a game day cannot run there");
		}
		if (response.statusCode() != 200) {
			throw new IOException("GET " + url(service) + "/actuator/faults answered " + response.statusCode());
		}
		return Catalogue.settingsOf(json.readTree(response.body()));
	}

	/** A change of nothing: refused without the token, a 400 (and no change) with it. */
	@Override
	public void requireControl(String service) throws IOException {
		HttpResponse<String> response = send(
				authorized(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/faults")))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{}")));
		if (response.statusCode() == 401 || response.statusCode() == 403) {
			throw new IOException("the fault controls of " + service + " answered " + response.statusCode()
					+ refusal(response.statusCode()));
		}
	}

	@Override
	public void set(String service, Map<String, Object> settings, Duration expiry) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>(settings);
		body.put("duration", Math.max(1, expiry.toSeconds()) + "s");
		HttpResponse<String> response = send(
				authorized(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/faults")))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
		if (response.statusCode() != 200) {
			throw new IOException("setting " + settings + " on " + service + " answered " + response.statusCode()
					+ refusal(response.statusCode()) + ": " + response.body());
		}
	}

	@Override
	public void reset(String service) throws IOException {
		HttpResponse<String> response = send(
				authorized(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/faults"))).DELETE());
		if (response.statusCode() != 200) {
			throw new IOException("resetting the faults of " + service + " answered " + response.statusCode()
					+ refusal(response.statusCode()) + "; run: curl -X DELETE " + url(service) + "/actuator/faults");
		}
	}

	@Override
	public void crash(String service, Duration timeout) throws Exception {
		try {
			HttpResponse<String> response = send(
					authorized(HttpRequest.newBuilder(URI.create(url(service) + "/crash"))));
			if (response.statusCode() == 401 || response.statusCode() == 403) {
				throw new IOException(
						"/crash on " + service + " answered " + response.statusCode() + refusal(response.statusCode()));
			}
		}
		catch (IOException ex) {
			if (ex.getMessage() != null && ex.getMessage().startsWith("/crash")) {
				throw ex;
			}
			// The JVM halted while answering, which is the point.
		}
		awaitBack(service, timeout);
	}

	/** Waits for the crashed service to be replaced and ready. */
	protected void awaitBack(String service, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		// Give the old JVM time to go, so its last answers are not taken for the new
		// one's.
		Thread.sleep(2000);
		while (System.nanoTime() < deadline) {
			try {
				if (send(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/health/readiness")))
					.statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// still down
			}
			Thread.sleep(1000);
		}
		throw new IOException(service + " did not come back within " + Durations.show(timeout)
				+ " of its crash: nothing restarts it here");
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
		String current = kubectl("get", "deployment/" + service, "-o", "jsonpath={.spec.replicas}").strip();
		this.replicas.put(service, current.isEmpty() ? "1" : current);
		kubectl("scale", "deployment/" + service, "--replicas=0");
	}

	@Override
	public void restore(String service) throws Exception {
		String count = this.replicas.remove(service);
		kubectl("scale", "deployment/" + service, "--replicas=" + ((count != null) ? count : "1"));
	}

	private String kubectl(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("kubectl", "--namespace", String.valueOf(this.namespace)));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + output.strip());
		}
		return output;
	}

	private String refusal(int status) {
		if (status == 401) {
			return (this.authorization != null) ? " (the fault token given was refused)"
					: " (give the fault token: FAULT_TOKEN=<token> in the environment)";
		}
		if (status == 403) {
			return " (the service has no fault token and answers only local clients: set DEMO_FAULTROUTES_TOKEN)";
		}
		return "";
	}

	private HttpRequest.Builder authorized(HttpRequest.Builder request) {
		return (this.authorization != null) ? request.header("Authorization", this.authorization) : request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
		try {
			return this.client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

}
