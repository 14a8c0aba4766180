package dev.o11ydemo.order.order;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /order} body.
 *
 * @param item what to order
 * @param quantity 1 to 1,000
 * @param amount a positive total with at most two decimals, up to 1,000,000
 * @param currency one of the currencies payment-service charges in
 */
record OrderRequest(@NotBlank @Size(max = 100) String item, @NotNull @Min(1) @Max(1000) Integer quantity,
		@NotNull @DecimalMin("0.01") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal amount,
		@NotNull @Pattern(regexp = SUPPORTED_CURRENCIES,
				message = "must be one of " + SUPPORTED_CURRENCIES) String currency) {

	/**
	 * payment-service's currencies; checked here too so a bad order is refused before
	 * anything is recorded.
	 */
	static final String SUPPORTED_CURRENCIES = "EUR|USD|GBP|CHF|JPY|CAD|AUD";

	/**
	 * Identifies the order's content: the same key with another fingerprint is a
	 * different order.
	 */
	String fingerprint() {
		String canonical = this.item + "\n" + this.quantity + "\n" + this.amount.stripTrailingZeros().toPlainString()
				+ "\n" + this.currency;
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
