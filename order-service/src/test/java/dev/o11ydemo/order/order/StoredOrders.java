package dev.o11ydemo.order.order;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the {@code orders} table holds, read directly: the tests check what a request
 * stored, across every user and key.
 */
final class StoredOrders {

	private final JdbcClient jdbc;

	StoredOrders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long count() {
		return this.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
	}

	/** Every user's orders with this Idempotency-Key. */
	List<Order> withKey(String idempotencyKey) {
		return this.jdbc.sql("SELECT " + OrderRepository.COLUMNS + " FROM orders WHERE idempotency_key = ?")
			.param(idempotencyKey)
			.query(OrderRepository::order)
			.list();
	}

	Order byId(String id) {
		return this.jdbc.sql("SELECT " + OrderRepository.COLUMNS + " FROM orders WHERE id = ?")
			.param(id)
			.query(OrderRepository::order)
			.single();
	}

}
