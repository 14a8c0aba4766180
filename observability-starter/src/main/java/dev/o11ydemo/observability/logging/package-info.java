/**
 * The access log: one line per request, with the trace id.
 */
@NullMarked
package dev.o11ydemo.observability.logging;

import org.jspecify.annotations.NullMarked;
