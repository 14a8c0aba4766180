/**
 * The call to service-b and its timeouts.
 */
@NullMarked
package dev.o11ydemo.servicea.serviceb;

import org.jspecify.annotations.NullMarked;
