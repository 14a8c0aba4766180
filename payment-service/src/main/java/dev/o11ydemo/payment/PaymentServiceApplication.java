package dev.o11ydemo.payment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * payment-service: charges orders, at most once per order. Metrics, logs, probes, fault
 * routes and runtime faults come from the observability starter.
 */
@SpringBootApplication
public class PaymentServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(PaymentServiceApplication.class, args);
	}

}
