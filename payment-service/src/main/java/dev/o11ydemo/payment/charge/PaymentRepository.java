package dev.o11ydemo.payment.charge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code payments} table, in plain SQL: the same statements run on H2 (in PostgreSQL
 * mode) and PostgreSQL.
 */
@Repository
class PaymentRepository {

	private static final String COLUMNS = "id, order_id, subject, amount, currency, status, created_at";

	private final JdbcClient jdbc;

	PaymentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a new payment.
	 * @throws DuplicateKeyException if the order was charged already
	 */
	void insert(Payment payment) {
		this.jdbc.sql("INSERT INTO payments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(payment.id(), payment.orderId(), payment.subject(), payment.amount(), payment.currency(),
					payment.status(), Timestamp.from(payment.createdAt()))
			.update();
	}

	Optional<Payment> findByOrderId(String orderId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM payments WHERE order_id = ?")
			.param(orderId)
			.query(PaymentRepository::payment)
			.optional();
	}

	Optional<Payment> findByIdAndSubject(String id, String subject) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM payments WHERE id = ? AND subject = ?")
			.params(id, subject)
			.query(PaymentRepository::payment)
			.optional();
	}

	private static Payment payment(ResultSet row, int rowNumber) throws SQLException {
		return new Payment(row.getString("id"), row.getString("order_id"), row.getString("subject"),
				row.getBigDecimal("amount"), row.getString("currency"), row.getString("status"),
				row.getTimestamp("created_at").toInstant());
	}

}
