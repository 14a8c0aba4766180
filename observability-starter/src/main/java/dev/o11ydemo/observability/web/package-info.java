/**
 * Completed requests as one observation each, with a bounded route label, for the
 * listeners that record them.
 */
@NullMarked
package dev.o11ydemo.observability.web;

import org.jspecify.annotations.NullMarked;
