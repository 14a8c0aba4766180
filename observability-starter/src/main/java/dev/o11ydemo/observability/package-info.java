/**
 * The observability starter: the suite's signals for any Spring Boot service, its
 * properties and its defaults.
 */
@NullMarked
package dev.o11ydemo.observability;

import org.jspecify.annotations.NullMarked;
