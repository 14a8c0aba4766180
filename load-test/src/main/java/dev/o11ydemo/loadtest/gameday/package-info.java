/**
 * Game days: a scripted incident from a scenario file, run against any target the drills
 * reach, with steady traffic, a live status line and a scorecard of what fired, when, and
 * what should not have.
 */
@NullMarked
package dev.o11ydemo.loadtest.gameday;

import org.jspecify.annotations.NullMarked;
