/**
 * Pooled connections between the suite's services, a call retried once on a connection
 * the peer had closed.
 */
@NullMarked
package dev.o11ydemo.demoservice.clients;

import org.jspecify.annotations.NullMarked;
