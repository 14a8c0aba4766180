/**
 * The seed request metrics, {@code /metrics} and the exemplars taken from the agent's
 * span.
 */
@NullMarked
package dev.o11ydemo.observability.metrics;

import org.jspecify.annotations.NullMarked;
