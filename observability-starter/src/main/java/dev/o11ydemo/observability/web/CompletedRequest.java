package dev.o11ydemo.observability.web;

import java.util.Set;

/**
 * One finished HTTP request, as the metrics and the access log see it.
 *
 * @param method the HTTP method, or {@link #UNKNOWN_METHOD} for any method outside RFC
 * 9110's and PATCH
 * @param route the matched route template, or {@link #UNMATCHED} when no route matched
 * @param status the status code sent to the client
 * @param durationNanos time from the request's arrival to its completion (including async
 * work)
 */
public record CompletedRequest(String method, String route, int status, long durationNanos) {

	/**
	 * The route label of every request that matched no route, so random URLs add no
	 * series.
	 */
	public static final String UNMATCHED = "UNMATCHED";

	/**
	 * The method label of a request with a method outside the standard set, so invented
	 * methods add no series (the value Spring's own {@code http.server.requests} uses).
	 */
	public static final String UNKNOWN_METHOD = "UNKNOWN";

	private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
			"OPTIONS", "TRACE", "CONNECT");

	/**
	 * The method as metrics and logs record it: a standard one as sent, any other as
	 * {@link #UNKNOWN_METHOD}.
	 */
	static String method(String sent) {
		return STANDARD_METHODS.contains(sent) ? sent : UNKNOWN_METHOD;
	}

}
