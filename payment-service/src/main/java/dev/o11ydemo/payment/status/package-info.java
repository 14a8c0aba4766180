/**
 * payment-service's own status route, as the FastAPI original answers it.
 */
@NullMarked
package dev.o11ydemo.payment.status;

import org.jspecify.annotations.NullMarked;
