/**
 * What the tests share: the tool runner and what a test needs from the machine, the
 * PostgreSQL test database, HTTP helpers, stalled clients, a stub service, the scrape
 * parser and the suite's topology.
 */
@NullMarked
package dev.o11ydemo.testsupport;

import org.jspecify.annotations.NullMarked;
