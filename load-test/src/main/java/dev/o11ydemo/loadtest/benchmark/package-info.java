/**
 * The benchmark of the services' set-ups and the measurement of what connections cost a
 * service.
 */
@NullMarked
package dev.o11ydemo.loadtest.benchmark;

import org.jspecify.annotations.NullMarked;
