/**
 * auth-service, the port of the FastAPI demo's auth service.
 */
@NullMarked
package dev.o11ydemo.auth;

import org.jspecify.annotations.NullMarked;
