/**
 * The routes every service answers, and the fault routes ({@code /crash},
 * {@code /serverError}, {@code /notFound}, {@code /example}).
 */
@NullMarked
package dev.o11ydemo.demoservice.routes;

import org.jspecify.annotations.NullMarked;
