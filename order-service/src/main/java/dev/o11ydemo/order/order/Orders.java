package dev.o11ydemo.order.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import feign.FeignException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import dev.o11ydemo.demoservice.clients.Dependencies;
import dev.o11ydemo.demoservice.problems.Problems;
import dev.o11ydemo.order.payment.PaymentClient;

/**
 * Places orders. Every accepted order is recorded before payment is attempted and ends
 * PAID or PAYMENT_FAILED; the database's unique (user, Idempotency-Key) constraint makes
 * concurrent and repeated requests with one key, to any replica, yield one order, and
 * payment-service's one-charge-per-order makes resuming a charge safe.
 */
@Service
class Orders {

	private static final Logger logger = LoggerFactory.getLogger(Orders.class);

	private final OrderRepository orders;

	private final PaymentClient payments;

	private final OrderProperties properties;

	private final MeterProvider<Counter> outcomes;

	private final Clock clock = Clock.systemUTC();

	Orders(OrderRepository orders, PaymentClient payments, OrderProperties properties, MeterRegistry registry) {
		this.orders = orders;
		this.payments = payments;
		this.properties = properties;
		this.outcomes = Counter.builder("orders").description("Order requests by outcome").withRegistry(registry);
	}

	/**
	 * The order for this request: placed now, or the one an earlier request with the same
	 * key placed. The user's {@code authorization} goes on to payment-service, which
	 * checks it itself.
	 */
	Placed place(String subject, String authorization, String idempotencyKey, OrderRequest request) {
		String fingerprint = request.fingerprint();
		if (idempotencyKey != null) {
			Optional<Order> existing = this.orders.findBySubjectAndIdempotencyKey(subject, idempotencyKey);
			if (existing.isPresent()) {
				return replay(existing.get(), fingerprint, authorization);
			}
		}
		Instant now = now();
		Order order = new Order(UUID.randomUUID().toString(), subject, idempotencyKey, fingerprint, request.item(),
				request.quantity(), request.amount(), request.currency(), Order.PENDING, null, null, now, now);
		try {
			this.orders.insert(order);
		}
		catch (DuplicateKeyException ex) {
			return replay(this.orders.findBySubjectAndIdempotencyKey(subject, idempotencyKey).orElseThrow(),
					fingerprint, authorization);
		}
		return new Placed(charge(order, authorization), true);
	}

	private Placed replay(Order order, String fingerprint, String authorization) {
		if (!order.fingerprint().equals(fingerprint)) {
			throw Problems.exception(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"Idempotency-Key reused", "This Idempotency-Key was used for a different order.");
		}
		if (order.isPending()) {
			if (order.updatedAt().isAfter(now().minus(this.properties.pendingTimeout()))) {
				ErrorResponseException inProgress = Problems.exception(HttpStatus.CONFLICT, "request-in-progress",
						"Request in progress", "An order with this Idempotency-Key is being placed; retry shortly.");
				inProgress.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
				throw inProgress;
			}
			logger.warn("Resuming order {}, left pending since {}", order.id(), order.updatedAt());
			return new Placed(charge(order, authorization), false);
		}
		this.outcomes.withTags("outcome", "replayed").increment();
		return new Placed(order, false);
	}

	private Order charge(Order order, String authorization) {
		try {
			PaymentClient.Payment payment = this.payments.charge(authorization,
					new PaymentClient.Charge(order.id(), order.amount(), order.currency()));
			Order paid = this.orders.updateStatus(order.paid(payment.paymentId(), now()));
			this.outcomes.withTags("outcome", "paid").increment();
			logger.info("Order {} paid: payment {}", paid.id(), payment.paymentId());
			return paid;
		}
		catch (FeignException ex) {
			String reason = Dependencies.describe("payment-service", ex);
			Order failed = this.orders.updateStatus(order.paymentFailed(reason, now()));
			this.outcomes.withTags("outcome", "payment_failed").increment();
			logger.error("Order {} recorded as PAYMENT_FAILED: {}", failed.id(), reason);
			HttpStatus status = Dependencies.timedOut(ex) ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
			ErrorResponseException problem = Problems.exception(status, "payment-failed", "Payment failed",
					"The order was recorded but not paid: " + reason + ".");
			problem.getBody().setProperty("orderId", failed.id());
			problem.getBody().setProperty("orderStatus", failed.status());
			throw problem;
		}
	}

	private Instant now() {
		// The database keeps microseconds at most; compare and store at that precision.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The outcome of a placing request.
	 *
	 * @param order the order
	 * @param created true if this request placed it, false if an earlier request with the
	 * same key did
	 */
	record Placed(Order order, boolean created) {
	}

}
