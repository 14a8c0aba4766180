package dev.o11ydemo.auth.login;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Limits failed logins per client address and per user name: each has a bucket of
 * {@code failures} that a failed login empties by one and that refills over {@code per}.
 * <ul>
 * <li>An address with an empty bucket is refused before its password is checked.</li>
 * <li>A user name with an empty bucket is refused too, except for a clean address (one
 * with no failure left to refill): the user's own login from their own device is never
 * blocked by someone else guessing their password, while each address guessing it gets
 * one try per refill rather than {@code failures}.</li>
 * </ul>
 * Both tables are Caffeine caches of bounded size that forget the least recently seen
 * entries, so their memory stays fixed whatever names and addresses are sent.
 */
@Component
class LoginThrottle {

	/** Why a login was refused, the one label of the refusals' counter. */
	enum Scope {

		ADDRESS, USER;

		String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * A refusal.
	 *
	 * @param scope whose failures refused it
	 * @param retryAfter when the next attempt may succeed
	 */
	record Refusal(Scope scope, Duration retryAfter) {
	}

	private final AuthProperties.LoginThrottle settings;

	private final Cache<String, Bucket> byAddress;

	private final Cache<String, Bucket> byUser;

	private final Counter refusedByAddress;

	private final Counter refusedByUser;

	LoginThrottle(AuthProperties properties, MeterRegistry registry) {
		this.settings = properties.loginThrottle();
		this.byAddress = table();
		this.byUser = table();
		// Both series exist from the start, at zero, so a rate over them is 0, not none.
		this.refusedByAddress = refusals(registry, Scope.ADDRESS);
		this.refusedByUser = refusals(registry, Scope.USER);
	}

	private Cache<String, Bucket> table() {
		// Idle longer than a whole refill, a bucket is full again: forgetting it changes
		// nothing.
		return Caffeine.newBuilder()
			.maximumSize(this.settings.maxTracked())
			.expireAfterAccess(this.settings.per())
			.build();
	}

	private static Counter refusals(MeterRegistry registry, Scope scope) {
		return Counter.builder("login.throttled")
			.description("Login attempts refused with a 429 for too many failed logins, by whose failures")
			.tag("scope", scope.label())
			.register(registry);
	}

	/** A refusal of this attempt, before its password is checked, or empty to go on. */
	Optional<Refusal> check(String address, String username) {
		if (!this.settings.enabled()) {
			return Optional.empty();
		}
		Bucket addressBucket = this.byAddress.getIfPresent(address);
		if (addressBucket != null && addressBucket.getAvailableTokens() < 1) {
			this.refusedByAddress.increment();
			return Optional.of(new Refusal(Scope.ADDRESS, wait(addressBucket)));
		}
		boolean cleanAddress = addressBucket == null || addressBucket.getAvailableTokens() >= this.settings.failures();
		Bucket userBucket = this.byUser.getIfPresent(username);
		if (userBucket != null && userBucket.getAvailableTokens() < 1 && !cleanAddress) {
			this.refusedByUser.increment();
			return Optional.of(new Refusal(Scope.USER, wait(userBucket)));
		}
		return Optional.empty();
	}

	/** Counts a failed login against the address and the user name. */
	void failed(String address, String username) {
		if (this.settings.enabled()) {
			this.byAddress.get(address, (key) -> bucket()).tryConsume(1);
			this.byUser.get(username, (key) -> bucket()).tryConsume(1);
		}
	}

	/** How many addresses and user names are counted now, for the tests. */
	long tracked() {
		this.byAddress.cleanUp();
		this.byUser.cleanUp();
		return this.byAddress.estimatedSize() + this.byUser.estimatedSize();
	}

	private Bucket bucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.settings.failures())
				.refillGreedy(this.settings.failures(), this.settings.per())
				.build())
			.build();
	}

	private static Duration wait(Bucket bucket) {
		long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
		return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
	}

}
