/**
 * Orders: placing one once whatever the retries, paying for it, and reading a user's
 * orders back.
 */
@NullMarked
package dev.o11ydemo.order.order;

import org.jspecify.annotations.NullMarked;
