package dev.o11ydemo.payment.charge;

import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Charges orders at most once each. The database's unique constraint on the order id
 * decides between concurrent or retried charges, across replicas: the loser reads the
 * winner's payment and returns it.
 */
@Service
class Charges {

	private static final Logger logger = LoggerFactory.getLogger(Charges.class);

	private final PaymentRepository payments;

	private final MeterProvider<Counter> outcomes;

	private final MeterProvider<DistributionSummary> amounts;

	Charges(PaymentRepository payments, MeterRegistry registry) {
		this.payments = payments;
		this.outcomes = Counter.builder("payments").description("Charge requests by outcome").withRegistry(registry);
		this.amounts = DistributionSummary.builder("payment.amount")
			.description("Amounts charged, in the payment's currency")
			.serviceLevelObjectives(1, 10, 50, 100, 500, 1_000, 5_000, 10_000, 100_000)
			.withRegistry(registry);
	}

	/**
	 * The charge of the request's order for the user: a new one, or the one already made.
	 */
	Charge charge(String subject, ChargeRequest request) {
		var existing = this.payments.findByOrderId(request.orderId());
		if (existing.isPresent()) {
			return replay(existing.get(), subject, request);
		}
		Payment payment = new Payment(UUID.randomUUID().toString(), request.orderId(), subject, request.amount(),
				request.currency(), Payment.SUCCEEDED, Instant.now());
		try {
			this.payments.insert(payment);
		}
		catch (DuplicateKeyException ex) {
			return replay(this.payments.findByOrderId(request.orderId()).orElseThrow(), subject, request);
		}
		this.outcomes.withTags("outcome", "succeeded").increment();
		this.amounts.withTags("currency", payment.currency()).record(payment.amount().doubleValue());
		logger.info("Charged order {}: {} {} as payment {}", payment.orderId(), payment.amount(), payment.currency(),
				payment.id());
		return new Charge(payment, true);
	}

	/**
	 * A retry gets the payment back; a different charge of the order, or one by another
	 * user, is a conflict.
	 */
	private Charge replay(Payment payment, String subject, ChargeRequest request) {
		if (!payment.sameChargeAs(subject, request)) {
			this.outcomes.withTags("outcome", "conflict").increment();
			throw Problems.exception(HttpStatus.CONFLICT, "charge-conflict", "Order already charged differently",
					"Order " + request.orderId() + " was already charged: another amount, currency or user.");
		}
		this.outcomes.withTags("outcome", "replayed").increment();
		return new Charge(payment, false);
	}

	/**
	 * A charge and whether this request made it.
	 *
	 * @param payment the payment
	 * @param created true if this request charged, false if the order had been charged
	 * before
	 */
	record Charge(Payment payment, boolean created) {
	}

}
