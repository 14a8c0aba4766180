/**
 * RFC 9457 problem bodies for every error a client can cause, and request bodies read
 * within their limits without holding a request thread.
 */
@NullMarked
package dev.o11ydemo.demoservice.problems;

import org.jspecify.annotations.NullMarked;
