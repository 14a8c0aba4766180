/**
 * The demo-service starter: what makes a Spring Boot service one of the suite's demo
 * services (problem bodies and body limits, probes, the common and fault routes, runtime
 * faults), its properties, its defaults and its filter chain.
 */
@NullMarked
package dev.o11ydemo.demoservice;

import org.jspecify.annotations.NullMarked;
