package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code orders}: POST /order at the set rate, each with a fresh Idempotency-Key, all
 * with one shopper's token (logged in once before the run), so the rate is orders per
 * second: order-service, its introspection call to auth-service and its charge at
 * payment-service, per arrival.
 */
public class Orders extends LoadSimulation {

	private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private volatile String token;

	public Orders() {
		setUp(scenario("orders").exec(feed(Traffic.orders()))
			.exec((session) -> session.set("idempotencyKey", UUID.randomUUID().toString()).set("token", this.token))
			.exec(Requests.call("POST /order", http("POST /order").post(this.settings.order() + "/order")
				.header("Authorization", "Bearer #{token}")
				.header("Idempotency-Key", "#{idempotencyKey}")
				.body(StringBody(
						"{\"item\":\"#{item}\",\"quantity\":#{quantity},\"amount\":#{amount},\"currency\":\"#{currency}\"}"))
				.asJson(), List.of(201)))
			.injectOpen(arrivals(this.settings.rate(), this.settings.duration()))).protocols(this.protocol)
			.assertions(global().failedRequests().percent().lt(1.0));
	}

	@Override
	public void before() {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(this.settings.auth() + "/login"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"demo\",\"password\":\"demo\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			Matcher matcher = TOKEN.matcher(response.body());
			if (response.statusCode() != 200 || !matcher.find()) {
				Drills.stop("login at " + this.settings.auth() + " answered " + response.statusCode());
			}
			this.token = matcher.group(1);
		}
		catch (IOException ex) {
			Drills.stop("auth-service is not reachable at " + this.settings.auth() + " (" + ex + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			Drills.stop("interrupted");
		}
		super.before();
	}

}
