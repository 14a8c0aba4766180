package dev.o11ydemo.servicea;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;

/**
 * service-a: the entry point of the classic demo. Metrics, logs, probes, the common and
 * fault routes come from the observability starter; this module adds {@code /} and the
 * call to service-b.
 */
@SpringBootApplication
@EnableFeignClients
public class ServiceAApplication {

	public static void main(String[] args) {
		SpringApplication.run(ServiceAApplication.class, args);
	}

}
