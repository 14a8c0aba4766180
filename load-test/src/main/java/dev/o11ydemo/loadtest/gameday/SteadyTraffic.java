package dev.o11ydemo.loadtest.gameday;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The traffic a game day's alerts need, at a fixed rate whatever the answers take (an
 * open model, so a slow service does not slow the traffic that shows it): service-a's
 * {@code /}, service-b's {@code /hello} (or service-a's {@code /call-service-b} where
 * service-b is internal) and an order with a logged-in shopper, which calls payment and
 * auth. In flight at most {@value #IN_FLIGHT}; arrivals beyond that are counted, not
 * queued.
 */
public final class SteadyTraffic implements AutoCloseable {

	private static final int IN_FLIGHT = 200;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String ORDER = "{\"item\":\"book\",\"quantity\":1,\"amount\":12.00,\"currency\":\"EUR\"}";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "steady-traffic");
		thread.setDaemon(true);
		return thread;
	});

	private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

	private final Map<String, Route> routes = new LinkedHashMap<>();

	private final String auth;

	private final AtomicReference<@Nullable String> token = new AtomicReference<>();

	/** Counts of one route's requests. */
	static final class Route {

		final AtomicLong sent = new AtomicLong();

		final AtomicLong ok = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final AtomicLong skipped = new AtomicLong();

	}

	/**
	 * Starts the traffic.
	 * @param serviceA service-a's base URL
	 * @param serviceB service-b's, or null where it is internal
	 * @param auth auth-service's
	 * @param order order-service's
	 * @param rate requests per second in all, shared evenly by the routes
	 */
	public SteadyTraffic(String serviceA, @Nullable String serviceB, String auth, String order, double rate) {
		this.auth = auth;
		List<Runnable> sends = new ArrayList<>();
		sends.add(route("GET service-a /", () -> HttpRequest.newBuilder(URI.create(serviceA + "/"))));
		if (serviceB != null) {
			sends.add(route("GET service-b /hello", () -> HttpRequest.newBuilder(URI.create(serviceB + "/hello"))));
		}
		else {
			sends.add(route("GET service-a /call-service-b",
					() -> HttpRequest.newBuilder(URI.create(serviceA + "/call-service-b"))));
		}
		sends.add(route("POST order-service /order", () -> {
			String bearer = this.token.get();
			if (bearer == null) {
				bearer = login();
			}
			return HttpRequest.newBuilder(URI.create(order + "/order"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + bearer)
				.POST(HttpRequest.BodyPublishers.ofString(ORDER));
		}));
		long periodMicros = Math.max(1, Math.round(1_000_000 * sends.size() / rate));
		for (int index = 0; index < sends.size(); index++) {
			this.timer.scheduleAtFixedRate(sends.get(index), periodMicros * index / sends.size(), periodMicros,
					TimeUnit.MICROSECONDS);
		}
	}

	@FunctionalInterface
	private interface Request {

		HttpRequest.Builder build() throws Exception;

	}

	private Runnable route(String name, Request request) {
		Route route = new Route();
		this.routes.put(name, route);
		return () -> {
			if (!this.inFlight.tryAcquire()) {
				route.skipped.incrementAndGet();
				return;
			}
			route.sent.incrementAndGet();
			HttpRequest built;
			try {
				built = request.build().timeout(TIMEOUT).build();
			}
			catch (Exception ex) {
				route.failed.incrementAndGet();
				this.inFlight.release();
				return;
			}
			this.client.sendAsync(built, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
				this.inFlight.release();
				if (error == null && response.statusCode() < 400) {
					route.ok.incrementAndGet();
				}
				else {
					route.failed.incrementAndGet();
					if (response != null && response.statusCode() == 401) {
						// The token expired, or auth-service restarted with a new key.
						this.token.set(null);
					}
				}
			});
		};
	}

	/** Logs the demo shopper in, once for all orders until the token is refused. */
	private synchronized String login() throws Exception {
		String current = this.token.get();
		if (current != null) {
			return current;
		}
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(URI.create(this.auth + "/login"))
			.header("Content-Type", "application/json")
			.timeout(TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"demo\",\"password\":\"demo\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("login answered " + response.statusCode());
		}
		String token = json.readTree(response.body()).path("access_token").asString();
		this.token.set(token);
		return token;
	}

	/**
	 * Per route: sent, answered below 400, failed (an error status or no answer), and
	 * arrivals not sent because {@value #IN_FLIGHT} were in flight.
	 */
	public Map<String, Map<String, Long>> counts() {
		Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
		this.routes.forEach((name, route) -> counts.put(name, Map.of("sent", route.sent.get(), "ok", route.ok.get(),
				"failed", route.failed.get(), "skipped", route.skipped.get())));
		return counts;
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
