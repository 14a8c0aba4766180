package dev.o11ydemo.loadtest.gameday;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each step becomes a region annotation through Grafana's HTTP API. Grafana does not run
 * here, so a loopback server takes its place and records what it was sent: the request as
 * Grafana's API documents it (POST /api/annotations, a bearer token, time and timeEnd in
 * epoch milliseconds, tags and text).
 */
class AnnotationsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aStepIsARegionAnnotationTaggedWithTheScenarioAndSentWithTheToken() throws Exception {
		List<String> requests = new CopyOnWriteArrayList<>();
		HttpServer grafana = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		grafana.createContext("/", (exchange) -> {
			try (exchange) {
				requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization") + " "
						+ new String(exchange.getRequestBody().readAllBytes()));
				byte[] body = "{\"id\":1,\"message\":\"Annotation added\"}".getBytes();
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		grafana.start();
		try {
			Annotations annotations = new Annotations("http://127.0.0.1:" + grafana.getAddress().getPort() + "/",
					"glsa_token");
			annotations.mark("short", "a quarter of service-a's requests fail", Instant.ofEpochMilli(1_000),
					Instant.ofEpochMilli(61_000));
		}
		finally {
			grafana.stop(0);
		}
		assertThat(requests).hasSize(1);
		String[] parts = requests.get(0).split(" ", 4);
		assertThat(parts[0]).isEqualTo("POST");
		assertThat(parts[1]).isEqualTo("/api/annotations");
		assertThat(parts[2] + " " + parts[3].substring(0, parts[3].indexOf(' '))).isEqualTo("Bearer glsa_token");
		JsonNode body = json.readTree(parts[3].substring(parts[3].indexOf(' ') + 1));
		assertThat(body.path("time").asLong()).isEqualTo(1_000);
		assertThat(body.path("timeEnd").asLong()).isEqualTo(61_000);
		assertThat(body.path("tags")).extracting(JsonNode::asString).containsExactly("gameday", "short");
		assertThat(body.path("text").asString()).isEqualTo("game day short: a quarter of service-a's requests fail");
	}

}
