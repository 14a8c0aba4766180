package dev.o11ydemo.observability.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One finished HTTP request, as the metrics and the access log see it.
 *
 * @param method the HTTP method
 * @param route the matched route template, or {@link #UNMATCHED} when no route matched
 * @param status the status code sent to the client
 * @param durationNanos time from the request's arrival to its completion (including async work)
 * @param request the servlet request, for attributes that handlers left for the observers
 */
public record CompletedRequest(String method, String route, int status, long durationNanos,
		HttpServletRequest request) {

	/** The route label of every request that matched no route, so random URLs add no series. */
	public static final String UNMATCHED = "UNMATCHED";

}
