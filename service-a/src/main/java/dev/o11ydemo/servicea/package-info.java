/**
 * service-a, the port of the Node.js demo's front service.
 */
@NullMarked
package dev.o11ydemo.servicea;

import org.jspecify.annotations.NullMarked;
