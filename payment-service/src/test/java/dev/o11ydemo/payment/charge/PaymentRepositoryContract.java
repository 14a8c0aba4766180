package dev.o11ydemo.payment.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What payment-service relies on from its database, run on each database it supports.
 */
abstract class PaymentRepositoryContract {

	@Autowired
	PaymentRepository payments;

	@Autowired
	JdbcClient jdbc;

	@Test
	void storesAndFindsAPaymentByItsOrder() {
		Payment payment = payment(UUID.randomUUID().toString());
		this.payments.insert(payment);
		Payment found = this.payments.findByOrderId(payment.orderId()).orElseThrow();
		assertThat(found.id()).isEqualTo(payment.id());
		assertThat(found.amount()).isEqualByComparingTo(payment.amount());
		assertThat(found.createdAt()).isEqualTo(payment.createdAt());
	}

	@Test
	void refusesASecondChargeOfTheSameOrder() {
		String orderId = UUID.randomUUID().toString();
		this.payments.insert(payment(orderId));
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.payments.insert(payment(orderId)));
		assertThat(StoredPayments.countByOrder(this.jdbc, orderId)).isOne();
	}

	@Test
	void findsAPaymentOnlyForItsOwner() {
		Payment payment = payment(UUID.randomUUID().toString());
		this.payments.insert(payment);
		assertThat(this.payments.findByIdAndSubject(payment.id(), "alice")).isPresent();
		assertThat(this.payments.findByIdAndSubject(payment.id(), "bob")).isEmpty();
	}

	private static Payment payment(String orderId) {
		return new Payment(UUID.randomUUID().toString(), orderId, "alice", new BigDecimal("12.34"), "EUR",
				Payment.SUCCEEDED, Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

}
