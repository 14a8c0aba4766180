/**
 * The client of payment-service.
 */
@NullMarked
package dev.o11ydemo.order.payment;

import org.jspecify.annotations.NullMarked;
