/**
 * Runtime faults ({@code /actuator/faults}): their settings, the injector, what applies
 * them, and the guard that keeps the fault controls from strangers.
 */
@NullMarked
package dev.o11ydemo.demoservice.faults;

import org.jspecify.annotations.NullMarked;
