/**
 * Login, the JWTs it issues, the failed-login throttle and token introspection for the
 * suite's services.
 */
@NullMarked
package dev.o11ydemo.auth.login;

import org.jspecify.annotations.NullMarked;
