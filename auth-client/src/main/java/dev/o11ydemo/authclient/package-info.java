/**
 * Bearer tokens checked at auth-service's introspection endpoint, for the services that
 * take a user's token (order-service and payment-service), with the suite's client
 * credential.
 */
@NullMarked
package dev.o11ydemo.authclient;

import org.jspecify.annotations.NullMarked;
