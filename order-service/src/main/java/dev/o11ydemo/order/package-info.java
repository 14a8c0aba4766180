/**
 * order-service, the port of the FastAPI demo's order service.
 */
@NullMarked
package dev.o11ydemo.order;

import org.jspecify.annotations.NullMarked;
