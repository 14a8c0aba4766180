package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The scenarios' building blocks. Every URL is absolute, built from {@link Settings}:
 * behind one ALB host all services share the base URL and are told apart by their path
 * prefixes (/login, /order, /payment).
 */
final class Traffic {

	private static final List<String> ITEMS = List.of("book", "lamp", "kettle", "chair", "headphones", "desk",
			"backpack", "umbrella");

	private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF");

	private final Settings settings;

	Traffic(Settings settings) {
		this.settings = settings;
	}

	/**
	 * The original test.sh mix over service-a's routes: each route equally likely,
	 * /call-service-b three times as likely, /crash only when asked for. With
	 * {@code faultRoutes} false the deliberate failures (/serverError, /notFound, /crash)
	 * and the slow /example are left out, so the traffic alone fires no alert.
	 */
	ChainBuilder classic(boolean faultRoutes, List<Integer> expectedOverride) {
		List<Choice.WithWeight> choices = new ArrayList<>();
		List<ChainBuilder> routes = new ArrayList<>();
		routes.add(serviceA("/", 200, expectedOverride));
		routes.add(serviceA("/healthy", 200, expectedOverride));
		routes.add(serviceA("/logs", 200, expectedOverride));
		routes.add(serviceA("/metrics", 200, expectedOverride));
		if (faultRoutes) {
			routes.add(serviceA("/serverError", 500, expectedOverride));
			routes.add(serviceA("/notFound", 404, expectedOverride));
			routes.add(serviceA("/example", 200, expectedOverride));
			if (this.settings.crash()) {
				HttpRequestActionBuilder crash = http("GET /crash").get(this.settings.serviceA() + "/crash");
				if (this.settings.faultAuthorization() != null) {
					crash = crash.header("Authorization", this.settings.faultAuthorization());
				}
				routes.add(Requests.call("GET /crash", crash, Requests.ANY));
			}
		}
		int slots = routes.size() + 2;
		double weight = 100.0 / slots;
		for (ChainBuilder route : routes) {
			choices.add(percent(weight).then(route));
		}
		choices.add(percent(100.0 - weight * routes.size()).then(serviceA("/call-service-b", 200, expectedOverride)));
		return randomSwitch().on(choices);
	}

	private ChainBuilder serviceA(String path, int status, List<Integer> expectedOverride) {
		String name = "GET " + path;
		return Requests.call(name, http(name).get(this.settings.serviceA() + path),
				(expectedOverride != null) ? expectedOverride : List.of(status));
	}

	/** Logs in and keeps the token in the session. */
	ChainBuilder login() {
		return Requests.call("POST /login",
				http("POST /login").post(this.settings.auth() + "/login")
					.body(StringBody("{\"username\":\"demo\",\"password\":\"demo\"}"))
					.asJson(),
				200, jsonPath("$.access_token").saveAs("token"));
	}

	/**
	 * A shopper: logs in once, then places one to three orders, each with a fresh
	 * Idempotency-Key, reads each order back and reads its payment. An expired token (a
	 * 401, e.g. after auth-service restarted with a new key) is refreshed and the order
	 * sent again with the same key.
	 */
	ScenarioBuilder journey() {
		return scenario("journey").exec(login())
			.exec(repeat((session) -> ThreadLocalRandom.current().nextInt(1, 4))
				.on(feed(orders()).exec((session) -> session.set("idempotencyKey", UUID.randomUUID().toString()))
					.exec(placeOrder(List.of(200, 201, 401)))
					.doIf((session) -> session.getInt("orderStatus") == 401)
					.then(exec(login()).exec(placeOrder(List.of(200, 201))))
					.doIf((session) -> session.contains("orderId") && session.contains("paymentId"))
					.then(exec(Requests.call("GET /order/{id}",
							http("GET /order/{id}").get(this.settings.order() + "/order/#{orderId}")
								.header("Authorization", "Bearer #{token}"),
							200))
						.exec(Requests.call("GET /payment/{id}",
								http("GET /payment/{id}").get(this.settings.payment() + "/payment/#{paymentId}")
									.header("Authorization", "Bearer #{token}"),
								200)))));
	}

	private ChainBuilder placeOrder(List<Integer> expected) {
		return exec((session) -> session.remove("orderId").remove("paymentId")).exec(Requests.call("POST /order", http(
				"POST /order")
			.post(this.settings.order() + "/order")
			.header("Authorization", "Bearer #{token}")
			.header("Idempotency-Key", "#{idempotencyKey}")
			.body(StringBody(
					"{\"item\":\"#{item}\",\"quantity\":#{quantity},\"amount\":#{amount},\"currency\":\"#{currency}\"}"))
			.asJson()
			.checkIf((response, session) -> response.status().code() < 300)
			.then(jsonPath("$.id").saveAs("orderId"), jsonPath("$.paymentId").saveAs("paymentId")), expected,
				status().saveAs("orderStatus")));
	}

	/** Varied orders: items, quantities, amounts and currencies. */
	static Iterator<Map<String, Object>> orders() {
		return Stream.generate(() -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			return Map.<String, Object>of("item", ITEMS.get(random.nextInt(ITEMS.size())), "quantity",
					random.nextInt(1, 6), "amount",
					BigDecimal.valueOf(random.nextDouble(1, 500)).setScale(2, RoundingMode.HALF_UP).toPlainString(),
					"currency", CURRENCIES.get(random.nextInt(CURRENCIES.size())));
		}).iterator();
	}

	/**
	 * The routes every service shares, once each, with the status each answers on
	 * purpose. Behind the ALB ({@code ownHost} false) they are out of reach for auth,
	 * order and payment, and left out.
	 */
	ScenarioBuilder smoke(String service, String base, boolean ownHost) {
		ChainBuilder chain = exec((session) -> session);
		if (ownHost) {
			for (String path : List.of("/healthy", "/logs", "/metrics", "/example", "/actuator/faults",
					"/actuator/health/readiness", "/actuator/health/liveness")) {
				chain = chain.exec(get(service, base, path, 200));
			}
			chain = chain.exec(get(service, base, "/serverError", 500))
				.exec(get(service, base, "/notFound", 404))
				.exec(get(service, base, "/no/such/route", 404));
		}
		return scenario("smoke " + service).exec(chain);
	}

	ChainBuilder get(String service, String base, String path, int status) {
		String name = service + " GET " + path;
		return Requests.call(name, http(name).get(base + path), status);
	}

	/** The routes only auth, order and payment have, beyond the journey's. */
	ChainBuilder businessExtras(boolean ownHosts) {
		// No call of /login/introspect: it serves only the suite's own services, which
		// reach it from the two calls below.
		ChainBuilder chain = exec(login())
			.exec(Requests.call("GET /order",
					http("GET /order").get(this.settings.order() + "/order?size=5")
						.header("Authorization", "Bearer #{token}"),
					200))
			.exec(Requests.call("POST /payment/charge",
					http("POST /payment/charge").post(this.settings.payment() + "/payment/charge")
						.header("Authorization", "Bearer #{token}")
						.body(StringBody((session) -> "{\"orderId\":\"smoke-" + UUID.randomUUID()
								+ "\",\"amount\":1.00,\"currency\":\"EUR\"}"))
						.asJson(),
					201));
		if (ownHosts) {
			for (String[] service : List.of(new String[] { "auth-service", this.settings.auth() },
					new String[] { "order-service", this.settings.order() },
					new String[] { "payment-service", this.settings.payment() })) {
				chain = chain.exec(get(service[0], service[1], "/", 200))
					.exec(get(service[0], service[1], "/health", 200));
			}
		}
		return chain;
	}

}
