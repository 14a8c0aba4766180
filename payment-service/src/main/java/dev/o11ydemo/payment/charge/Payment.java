package dev.o11ydemo.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A charge of one order.
 *
 * @param id the payment id
 * @param orderId the order charged; unique
 * @param subject the user charged, from their bearer token
 * @param amount amount charged
 * @param currency ISO 4217 code
 * @param status {@code SUCCEEDED}
 * @param createdAt when it was charged
 */
record Payment(String id, String orderId, String subject, BigDecimal amount, String currency, String status,
		Instant createdAt) {

	static final String SUCCEEDED = "SUCCEEDED";

	boolean sameChargeAs(String subject, ChargeRequest request) {
		return subject.equals(this.subject) && this.amount.compareTo(request.amount()) == 0
				&& this.currency.equals(request.currency());
	}

}
