package dev.o11ydemo.order.payment;

import java.math.BigDecimal;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * payment-service; its base URL ({@code PAYMENT_SERVICE_URI}) and timeouts come from the
 * suite's list of services ({@code ServiceClientDefaults}).
 */
@FeignClient(name = "payment-service")
public interface PaymentClient {

	/**
	 * Charges an order for the user whose bearer token is forwarded; payment-service
	 * charges each order at most once, so a retry is safe.
	 */
	@PostMapping("/payment/charge")
	Payment charge(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization, @RequestBody Charge charge);

	record Charge(String orderId, BigDecimal amount, String currency) {
	}

	record Payment(String paymentId, String orderId, String status) {
	}

}
