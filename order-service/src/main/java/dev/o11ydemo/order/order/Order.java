package dev.o11ydemo.order.order;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order. It is recorded as {@code PENDING} before payment-service is called, so that
 * no accepted order can be lost, and then becomes {@code PAID} or {@code PAYMENT_FAILED}.
 *
 * @param id the order id
 * @param subject the user who placed it
 * @param idempotencyKey the client's Idempotency-Key, or null
 * @param fingerprint hash of the order's content, to tell a retry from a different order
 * reusing a key
 * @param item what was ordered
 * @param quantity how many
 * @param amount total to charge
 * @param currency ISO 4217 code
 * @param status PENDING, PAID or PAYMENT_FAILED
 * @param paymentId payment-service's id of the charge, when paid
 * @param failureReason why payment failed, when it did
 * @param createdAt when the order was recorded
 * @param updatedAt when its status last changed
 */
record Order(String id, String subject, String idempotencyKey, String fingerprint, String item, int quantity,
		BigDecimal amount, String currency, String status, String paymentId, String failureReason, Instant createdAt,
		Instant updatedAt) {

	static final String PENDING = "PENDING";

	static final String PAID = "PAID";

	static final String PAYMENT_FAILED = "PAYMENT_FAILED";

	Order paid(String paymentId, Instant now) {
		return new Order(this.id, this.subject, this.idempotencyKey, this.fingerprint, this.item, this.quantity,
				this.amount, this.currency, PAID, paymentId, null, this.createdAt, now);
	}

	Order paymentFailed(String reason, Instant now) {
		return new Order(this.id, this.subject, this.idempotencyKey, this.fingerprint, this.item, this.quantity,
				this.amount, this.currency, PAYMENT_FAILED, null, reason, this.createdAt, now);
	}

	boolean isPending() {
		return PENDING.equals(this.status);
	}

}
