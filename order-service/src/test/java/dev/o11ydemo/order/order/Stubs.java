package dev.o11ydemo.order.order;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.o11ydemo.testsupport.StubService;

/**
 * auth-service and payment-service as the tests need them. auth vouches for
 * {@code alice-token} (alice) and {@code bob-token} (bob); payment charges each order
 * once, like the real one, and records every charge request's Authorization header.
 */
final class Stubs {

	static final String ALICE = "Bearer alice-token";

	static final String BOB = "Bearer bob-token";

	private static final Map<String, String> TOKENS = Map.of("alice-token", "alice", "bob-token", "bob");

	private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]*)\"");

	private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]*)\"");

	final Map<String, String> charges = new ConcurrentHashMap<>();

	final AtomicInteger chargeRequests = new AtomicInteger();

	/** The Authorization header of every charge request, in order. */
	final List<String> chargeAuthorizations = new CopyOnWriteArrayList<>();

	final StubService auth;

	final StubService payment;

	Stubs() throws IOException {
		this.auth = new StubService((request) -> {
			Matcher token = TOKEN.matcher(request.body());
			String subject = token.find() ? TOKENS.get(token.group(1)) : null;
			return StubService.Response.json(200,
					(subject != null) ? "{\"active\":true,\"sub\":\"" + subject + "\"}" : "{\"active\":false}");
		});
		this.payment = new StubService((request) -> {
			this.chargeRequests.incrementAndGet();
			this.chargeAuthorizations.add(String.valueOf(request.authorization()));
			Matcher orderId = ORDER_ID.matcher(request.body());
			if (!orderId.find()) {
				return StubService.Response.json(400, "{}");
			}
			boolean isNew = !this.charges.containsKey(orderId.group(1));
			String paymentId = this.charges.computeIfAbsent(orderId.group(1), (id) -> UUID.randomUUID().toString());
			return StubService.Response.json(isNew ? 201 : 200, "{\"paymentId\":\"" + paymentId + "\",\"orderId\":\""
					+ orderId.group(1) + "\",\"status\":\"SUCCEEDED\"}");
		});
	}

	/** Points order-service at the stubs, with timeouts short enough for tests. */
	void register(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.openfeign.client.config.auth-service.url", this.auth::url);
		registry.add("spring.cloud.openfeign.client.config.payment-service.url", this.payment::url);
		registry.add("spring.cloud.openfeign.client.config.auth-service.read-timeout", () -> 1000);
		registry.add("spring.cloud.openfeign.client.config.payment-service.read-timeout", () -> 1000);
		registry.add("spring.cloud.openfeign.client.config.auth-service.connect-timeout", () -> 500);
		registry.add("spring.cloud.openfeign.client.config.payment-service.connect-timeout", () -> 500);
	}

	void reset() throws IOException {
		this.auth.switchTo(StubService.Mode.OK);
		this.payment.switchTo(StubService.Mode.OK);
	}

	static Stubs start() {
		try {
			return new Stubs();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
