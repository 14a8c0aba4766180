package dev.o11ydemo.order.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * order-service settings, under {@code order.*}.
 *
 * @param pendingTimeout age after which a PENDING order is taken as abandoned and resumed
 * by a retry with its key (default 30 s).
 */
@ConfigurationProperties("order")
record OrderProperties(@DefaultValue("30s") Duration pendingTimeout) {
}
