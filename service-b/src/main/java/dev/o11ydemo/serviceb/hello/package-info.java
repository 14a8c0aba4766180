/**
 * service-b's {@code /hello}.
 */
@NullMarked
package dev.o11ydemo.serviceb.hello;

import org.jspecify.annotations.NullMarked;
