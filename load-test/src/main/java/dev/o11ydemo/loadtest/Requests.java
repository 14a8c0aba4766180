package dev.o11ydemo.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * One request as every scenario sends it: its response time and outcome feed the progress
 * line, its status must be one of those the route answers on purpose (so /serverError's
 * 500 is a success in the classic mix).
 */
final class Requests {

	/** Any status: for drills, where failures are what is being caused. */
	static final List<Integer> ANY = List.of();

	private Requests() {
	}

	static ChainBuilder call(String name, HttpRequestActionBuilder request, List<Integer> expected,
			CheckBuilder... checks) {
		List<CheckBuilder> all = new ArrayList<>();
		all.add(responseTimeInMillis().transform((millis) -> Progress.latency(name, millis)));
		if (!expected.isEmpty()) {
			all.add(status().in(expected));
		}
		all.addAll(List.of(checks));
		return exec(request.check(all)).exec((session) -> {
			Progress.outcome(name, session.isFailed());
			return session.markAsSucceeded();
		});
	}

	static ChainBuilder call(String name, HttpRequestActionBuilder request, int expected, CheckBuilder... checks) {
		return call(name, request, List.of(expected), checks);
	}

}
