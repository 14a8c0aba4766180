package dev.o11ydemo.payment.charge;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What the {@code payments} table holds, read directly. */
final class StoredPayments {

	private StoredPayments() {
	}

	/** How many payments the table holds for the order, whoever made them. */
	static long countByOrder(JdbcClient jdbc, String orderId) {
		return jdbc.sql("SELECT count(*) FROM payments WHERE order_id = ?").param(orderId).query(Long.class).single();
	}

}
