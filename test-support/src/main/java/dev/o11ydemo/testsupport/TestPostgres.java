package dev.o11ydemo.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL that repository tests run against: {@code TEST_POSTGRES_URL},
 * {@code TEST_POSTGRES_USER}, {@code TEST_POSTGRES_PASSWORD}, by default the loopback
 * database that {@code .ci/postgres.sh} sets up. Outside CI an unreachable database skips
 * the test with a message; in CI it fails it.
 */
public final class TestPostgres {

	public static final String URL = env("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/o11ydemo");

	public static final String USER = env("TEST_POSTGRES_USER", "o11ydemo");

	public static final String PASSWORD = env("TEST_POSTGRES_PASSWORD", "o11ydemo");

	private TestPostgres() {
	}

	/**
	 * Skips (or in CI fails) the calling tests unless PostgreSQL is reachable. Call it
	 * from a static {@code @BeforeAll}: thrown while a Spring test context loads, the
	 * skip would be reported as an error.
	 */
	public static void requireReachable() {
		try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
			connection.isValid(5);
		}
		catch (SQLException ex) {
			unreachable(ex);
		}
	}

	/**
	 * Skips (or in CI fails) the calling test unless PostgreSQL is reachable, then
	 * creates {@code schema} afresh and returns a JDBC URL that uses it.
	 */
	public static String freshSchema(String schema) {
		try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			unreachable(ex);
		}
		return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	private static void unreachable(SQLException ex) {
		Prerequisites.missing("PostgreSQL is not reachable at " + URL + " (" + ex.getMessage()
				+ "; bash .ci/postgres.sh sets one up, or set TEST_POSTGRES_URL)");
	}

	/**
	 * Points a Spring test context's datasource at a fresh {@code schema} (see
	 * {@link #freshSchema}); the test class checks {@link #requireReachable} first.
	 */
	public static void register(DynamicPropertyRegistry registry, String schema) {
		registry.add("spring.datasource.url", () -> freshSchema(schema));
		registry.add("spring.datasource.username", () -> USER);
		registry.add("spring.datasource.password", () -> PASSWORD);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
