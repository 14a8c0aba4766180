package dev.o11ydemo.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;

/**
 * What order-service relies on from its database, run on each database it supports.
 */
abstract class OrderRepositoryContract {

	@Autowired
	OrderRepository orders;

	@Test
	void storesAnOrderAndUpdatesItsStatus() {
		Order order = order("alice", null, Instant.now());
		this.orders.insert(order);
		Order paid = this.orders.updateStatus(order.paid("payment-1", Instant.now().truncatedTo(ChronoUnit.MICROS)));
		Order found = this.orders.findByIdAndSubject(order.id(), "alice").orElseThrow();
		assertThat(found.status()).isEqualTo("PAID");
		assertThat(found.paymentId()).isEqualTo("payment-1");
		assertThat(found.amount()).isEqualByComparingTo("19.99");
		assertThat(found.createdAt()).isEqualTo(order.createdAt());
		assertThat(found.updatedAt()).isEqualTo(paid.updatedAt());
		assertThat(this.orders.findByIdAndSubject(order.id(), "bob")).isEmpty();
	}

	@Test
	void refusesAStatusChangeOfAnOrderItNeverRecorded() {
		Order unrecorded = order("alice", null, Instant.now());
		assertThatExceptionOfType(IncorrectUpdateSemanticsDataAccessException.class)
			.isThrownBy(() -> this.orders.updateStatus(unrecorded.paid("payment-1", Instant.now())));
		assertThat(this.orders.findByIdAndSubject(unrecorded.id(), "alice")).isEmpty();
	}

	@Test
	void refusesASecondOrderWithTheSameUserAndKey() {
		String key = UUID.randomUUID().toString();
		this.orders.insert(order("alice", key, Instant.now()));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.orders.insert(order("alice", key, Instant.now())));
		this.orders.insert(order("bob", key, Instant.now()));
		assertThat(this.orders.findBySubjectAndIdempotencyKey("alice", key)).isPresent();
	}

	@Test
	void ordersWithoutAKeyAreNotConstrained() {
		this.orders.insert(order("carol", null, Instant.now()));
		this.orders.insert(order("carol", null, Instant.now()));
		assertThat(this.orders.countBySubject("carol")).isGreaterThanOrEqualTo(2);
	}

	@Test
	void pagesAUsersOrdersNewestFirst() {
		String subject = "pager-" + UUID.randomUUID();
		Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
		for (int i = 0; i < 5; i++) {
			this.orders.insert(order(subject, null, start.plusSeconds(i)));
		}
		var firstPage = this.orders.findPageBySubject(subject, 0, 2);
		var lastPage = this.orders.findPageBySubject(subject, 2, 2);
		assertThat(firstPage).extracting(Order::createdAt).containsExactly(start.plusSeconds(4), start.plusSeconds(3));
		assertThat(lastPage).extracting(Order::createdAt).containsExactly(start);
		assertThat(this.orders.countBySubject(subject)).isEqualTo(5);
	}

	private static Order order(String subject, String key, Instant at) {
		Instant time = at.truncatedTo(ChronoUnit.MICROS);
		return new Order(UUID.randomUUID().toString(), subject, key, "f", "book", 1, new BigDecimal("19.99"), "EUR",
				Order.PENDING, null, null, time, time);
	}

}
