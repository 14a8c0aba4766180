/**
 * service-b, the port of the Node.js demo's second service.
 */
@NullMarked
package dev.o11ydemo.serviceb;

import org.jspecify.annotations.NullMarked;
