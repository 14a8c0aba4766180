package dev.o11ydemo.payment.charge;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;

import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.o11ydemo.authclient.Authenticator;
import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Routes under {@code /payment}, the ALB prefix of payment-service. Every route needs the
 * user's bearer token (order-service forwards the one it was called with), checked at
 * auth-service; a user sees only their own payments.
 */
@RestController
@RequestMapping("/payment")
class PaymentController {

	private final Authenticator authenticator;

	private final Charges charges;

	private final PaymentRepository payments;

	PaymentController(Authenticator authenticator, Charges charges, PaymentRepository payments) {
		this.authenticator = authenticator;
		this.charges = charges;
		this.payments = payments;
	}

	/**
	 * 201 for a new charge; 200 with the same payment when the order was charged before
	 * (a retry).
	 */
	@PostMapping("/charge")
	ResponseEntity<PaymentView> charge(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@Valid @RequestBody ChargeRequest request) {
		Charges.Charge charge = this.charges.charge(this.authenticator.subject(authorization), request);
		PaymentView view = PaymentView.of(charge.payment());
		if (!charge.created()) {
			return ResponseEntity.ok(view);
		}
		return ResponseEntity.created(URI.create("/payment/" + view.paymentId())).body(view);
	}

	@GetMapping("/{id}")
	PaymentView payment(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@PathVariable String id) {
		return this.payments.findByIdAndSubject(id, this.authenticator.subject(authorization))
			.map(PaymentView::of)
			.orElseThrow(() -> Problems.exception(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found",
					"No payment with id " + id + "."));
	}

	record PaymentView(String paymentId, String orderId, BigDecimal amount, String currency, String status,
			Instant createdAt) {

		static PaymentView of(Payment payment) {
			return new PaymentView(payment.id(), payment.orderId(), payment.amount(), payment.currency(),
					payment.status(), payment.createdAt());
		}

	}

}
