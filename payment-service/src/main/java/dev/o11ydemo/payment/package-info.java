/**
 * payment-service, the port of the FastAPI demo's payment service.
 */
@NullMarked
package dev.o11ydemo.payment;

import org.jspecify.annotations.NullMarked;
