package dev.o11ydemo.order.payment;

import java.math.BigDecimal;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** payment-service ({@code PAYMENT_SERVICE_URI}, timeouts under payment-service in application.yml). */
@FeignClient(name = "payment-service")
public interface PaymentClient {

	/** Charges an order; payment-service charges each order at most once, so a retry is safe. */
	@PostMapping("/payment/charge")
	Payment charge(@RequestBody Charge charge);

	record Charge(String orderId, BigDecimal amount, String currency) {
	}

	record Payment(String paymentId, String orderId, String status) {
	}

}
