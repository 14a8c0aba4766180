/**
 * The Gatling load generator: its scenarios, the alert drills and what they send.
 */
@NullMarked
package dev.o11ydemo.loadtest;

import org.jspecify.annotations.NullMarked;
