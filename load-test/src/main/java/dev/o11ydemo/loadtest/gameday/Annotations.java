package dev.o11ydemo.loadtest.gameday;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Marks each step on Grafana's dashboards: a region annotation from the step's start to
 * its end, tagged {@code gameday} and the scenario's name, through Grafana's HTTP API
 * ({@code POST /api/annotations}) with a service account token.
 */
public final class Annotations {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String grafana;

	private final String token;

	/**
	 * @param grafana Grafana's base URL
	 * @param token a service account token that may write annotations
	 */
	public Annotations(String grafana, String token) {
		this.grafana = grafana.replaceAll("/+$", "");
		this.token = token;
	}

	/** Marks one step; a failure is reported, not fatal: the game day goes on. */
	void mark(String scenario, String step, Instant start, Instant end) {
		String body = json.writeValueAsString(Map.of("time", start.toEpochMilli(), "timeEnd", end.toEpochMilli(),
				"tags", List.of("gameday", scenario), "text", "game day " + scenario + ": " + step));
		try {
			HttpResponse<String> response = this.client
				.send(HttpRequest.newBuilder(URI.create(this.grafana + "/api/annotations"))
					.header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + this.token)
					.timeout(Duration.ofSeconds(10))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				System.err.println("gameday: Grafana refused the annotation of '" + step + "': " + response.statusCode()
						+ " " + response.body());
			}
		}
		catch (Exception ex) {
			System.err.println("gameday: could not annotate '" + step + "' in Grafana: " + ex.getMessage());
		}
	}

}
