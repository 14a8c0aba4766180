/**
 * service-a's own status route, as the Node.js original answers it.
 */
@NullMarked
package dev.o11ydemo.servicea.status;

import org.jspecify.annotations.NullMarked;
