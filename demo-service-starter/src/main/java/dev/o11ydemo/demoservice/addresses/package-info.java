/**
 * Who the client is: the TCP peer, recorded before any proxy header is trusted, and the
 * address the load balancer appended.
 */
@NullMarked
package dev.o11ydemo.demoservice.addresses;

import org.jspecify.annotations.NullMarked;
