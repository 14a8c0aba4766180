package dev.o11ydemo.auth.login;

import java.util.UUID;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The users of {@code auth.users}, checked against their BCrypt hashes. An unknown user
 * costs the same BCrypt work as a known one, so response time does not tell which user
 * names exist.
 */
@Component
class Users {

	private static final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();

	/** A hash of nothing anyone can type, compared against when the user is unknown. */
	private static final String UNKNOWN_USER_HASH = encoder.encode(UUID.randomUUID().toString());

	private final AuthProperties properties;

	Users(AuthProperties properties) {
		this.properties = properties;
	}

	boolean authenticate(String username, String password) {
		String hash = this.properties.users().get(username);
		boolean matches = encoder.matches(password, (hash != null) ? hash : UNKNOWN_USER_HASH);
		return hash != null && matches;
	}

}
