package dev.o11ydemo.order.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code orders} table, in plain SQL: the same statements run on H2 (in PostgreSQL
 * mode) and PostgreSQL.
 */
@Repository
class OrderRepository {

	static final String COLUMNS = "id, subject, idempotency_key, fingerprint, item, quantity, amount, currency, status,"
			+ " payment_id, failure_reason, created_at, updated_at";

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a new order.
	 * @throws DuplicateKeyException if the user placed an order with this Idempotency-Key
	 * already
	 */
	void insert(Order order) {
		this.jdbc.sql("INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(order.id(), order.subject(), order.idempotencyKey(), order.fingerprint(), order.item(),
					order.quantity(), order.amount(), order.currency(), order.status(), order.paymentId(),
					order.failureReason(), Timestamp.from(order.createdAt()), Timestamp.from(order.updatedAt()))
			.update();
	}

	/**
	 * Stores a recorded order's new status, with its payment id or failure reason.
	 * @return the order
	 */
	Order updateStatus(Order order) {
		int updated = this.jdbc
			.sql("UPDATE orders SET status = ?, payment_id = ?, failure_reason = ?, updated_at = ? WHERE id = ?")
			.params(order.status(), order.paymentId(), order.failureReason(), Timestamp.from(order.updatedAt()),
					order.id())
			.update();
		if (updated != 1) {
			throw new IncorrectUpdateSemanticsDataAccessException("Order " + order.id() + " is not recorded");
		}
		return order;
	}

	Optional<Order> findBySubjectAndIdempotencyKey(String subject, String idempotencyKey) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE subject = ? AND idempotency_key = ?")
			.params(subject, idempotencyKey)
			.query(OrderRepository::order)
			.optional();
	}

	Optional<Order> findByIdAndSubject(String id, String subject) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ? AND subject = ?")
			.params(id, subject)
			.query(OrderRepository::order)
			.optional();
	}

	/** One page of the user's orders, newest first (the id breaks ties). */
	List<Order> findPageBySubject(String subject, int page, int size) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM orders WHERE subject = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
			.params(subject, size, (long) page * size)
			.query(OrderRepository::order)
			.list();
	}

	long countBySubject(String subject) {
		return this.jdbc.sql("SELECT count(*) FROM orders WHERE subject = ?").param(subject).query(Long.class).single();
	}

	/** Maps a row holding {@link #COLUMNS}. */
	static Order order(ResultSet row, int rowNumber) throws SQLException {
		return new Order(row.getString("id"), row.getString("subject"), row.getString("idempotency_key"),
				row.getString("fingerprint"), row.getString("item"), row.getInt("quantity"),
				row.getBigDecimal("amount"), row.getString("currency"), row.getString("status"),
				row.getString("payment_id"), row.getString("failure_reason"),
				row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());
	}

}
