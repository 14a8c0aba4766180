package dev.o11ydemo.payment.charge;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /payment/charge} body.
 *
 * @param orderId the order to charge
 * @param amount a positive amount with at most two decimals, up to 1,000,000
 * @param currency one of the supported ISO 4217 codes
 */
record ChargeRequest(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9-]+") String orderId,
		@NotNull @DecimalMin("0.01") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal amount,
		@NotNull @Pattern(regexp = Currencies.SUPPORTED,
				message = "must be one of " + Currencies.SUPPORTED) String currency) {
}
