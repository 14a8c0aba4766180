/**
 * Charges: one per order, whatever the retries, and a user's payments read back.
 */
@NullMarked
package dev.o11ydemo.payment.charge;

import org.jspecify.annotations.NullMarked;
