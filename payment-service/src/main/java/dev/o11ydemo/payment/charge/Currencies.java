package dev.o11ydemo.payment.charge;

/** The currencies payment-service charges in. */
final class Currencies {

	/** As a regular expression, for validation messages and {@code @Pattern}. */
	static final String SUPPORTED = "EUR|USD|GBP|CHF|JPY|CAD|AUD";

	private Currencies() {
	}

}
