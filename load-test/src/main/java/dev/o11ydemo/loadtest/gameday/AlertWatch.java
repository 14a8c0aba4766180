package dev.o11ydemo.loadtest.gameday;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Prometheus and Alertmanager hold, polled: each alert's episodes, from pending to
 * gone from both. An alert counts as notified once Alertmanager has it, which is what its
 * receivers are sent after the route's group wait.
 */
public final class AlertWatch {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String prometheus;

	private final String alertmanager;

	private final @Nullable String authorization;

	private final List<Episode> episodes = new ArrayList<>();

	private final Map<String, Episode> open = new HashMap<>();

	private boolean first = true;

	private @Nullable String failure;

	/**
	 * @param prometheus Prometheus's base URL
	 * @param alertmanager Alertmanager's base URL
	 * @param authorization an Authorization header for both, or null
	 */
	public AlertWatch(String prometheus, String alertmanager, @Nullable String authorization) {
		this.prometheus = prometheus.replaceAll("/+$", "");
		this.alertmanager = alertmanager.replaceAll("/+$", "");
		this.authorization = authorization;
	}

	/**
	 * One episode of an alert about one subject: several series of the same name and
	 * subject (two pods, two probes) are one.
	 *
	 * @param alert the alert's name
	 * @param subject what it is about
	 * @param atStart whether it was there when the watch began
	 */
	public static final class Episode {

		final String alert;

		final String subject;

		final boolean atStart;

		Instant pendingAt;

		@Nullable Instant firingAt;

		@Nullable Instant notifiedAt;

		@Nullable Instant endedAt;

		Episode(String alert, String subject, boolean atStart, Instant pendingAt) {
			this.alert = alert;
			this.subject = subject;
			this.atStart = atStart;
			this.pendingAt = pendingAt;
		}

		public String alert() {
			return this.alert;
		}

		public String subject() {
			return this.subject;
		}

	}

	/** Both answer, or the reason they do not. */
	public void requireReachable() throws IOException {
		get(this.prometheus + "/api/v1/alerts");
		get(this.alertmanager + "/api/v2/alerts");
	}

	/** Reads both once and updates the episodes. */
	public synchronized void poll() {
		Instant now = Instant.now();
		Set<String> firing = new TreeSet<>();
		Map<String, Instant> active = new TreeMap<>();
		Set<String> notified = new TreeSet<>();
		try {
			for (JsonNode alert : get(this.prometheus + "/api/v1/alerts").path("data").path("alerts")) {
				String key = key(alert.path("labels"));
				Instant since = Instant.parse(alert.path("activeAt").asString(now.toString()));
				active.merge(key, since, (a, b) -> a.isBefore(b) ? a : b);
				if (alert.path("state").asString().equals("firing")) {
					firing.add(key);
				}
			}
			for (JsonNode alert : get(this.alertmanager + "/api/v2/alerts?active=true&silenced=true&inhibited=true")) {
				notified.add(key(alert.path("labels")));
			}
			this.failure = null;
		}
		catch (IOException ex) {
			this.failure = ex.getMessage();
			return;
		}
		Set<String> present = new LinkedHashSet<>(active.keySet());
		present.addAll(notified);
		for (String key : present) {
			Episode episode = this.open.get(key);
			if (episode == null) {
				String[] parts = key.split("\u0000", 2);
				Instant since = active.getOrDefault(key, now);
				episode = new Episode(parts[0], parts[1], this.first, since.isAfter(now) ? now : since);
				this.open.put(key, episode);
				this.episodes.add(episode);
			}
			if (episode.firingAt == null && (firing.contains(key) || notified.contains(key))) {
				episode.firingAt = now;
			}
			if (episode.notifiedAt == null && notified.contains(key)) {
				episode.notifiedAt = now;
			}
		}
		for (Map.Entry<String, Episode> entry : List.copyOf(this.open.entrySet())) {
			if (!present.contains(entry.getKey())) {
				entry.getValue().endedAt = now;
				this.open.remove(entry.getKey());
			}
		}
		this.first = false;
	}

	/** Why the last poll failed, or null. */
	public synchronized @Nullable String failure() {
		return this.failure;
	}

	/** Every episode so far, in the order they began. */
	public synchronized List<Episode> episodes() {
		return List.copyOf(this.episodes);
	}

	/** The episodes still open. */
	public synchronized List<Episode> current() {
		return this.episodes.stream().filter((episode) -> episode.endedAt == null).toList();
	}

	private static String key(JsonNode labels) {
		return labels.path("alertname").asString() + "\u0000" + subject(labels);
	}

	/**
	 * What an alert is about: its application label, or its scrape job's, or (for a node,
	 * or a probe with no service behind it) its instance.
	 */
	public static String subject(JsonNode labels) {
		String application = labels.path("application").asString();
		if (!application.isEmpty()) {
			return application;
		}
		String job = labels.path("job").asString();
		return (job.isEmpty() || job.equals("blackbox")) ? labels.path("instance").asString() : job;
	}

	private JsonNode get(String url) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		HttpResponse<String> response;
		try {
			response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
		catch (IOException ex) {
			throw new IOException(url + " is not reachable (" + ex.getClass().getSimpleName() + ")", ex);
		}
		if (response.statusCode() != 200) {
			throw new IOException("GET " + url + " answered " + response.statusCode());
		}
		return json.readTree(response.body());
	}

}
