/**
 * order-service's own status route, as the FastAPI original answers it.
 */
@NullMarked
package dev.o11ydemo.order.status;

import org.jspecify.annotations.NullMarked;
