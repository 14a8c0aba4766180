package dev.o11ydemo.observability.problems;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * RFC 9457 problems of the suite. Each kind has a stable {@code type} URI that clients and tests can match on;
 * {@code title} is the same for every occurrence of a kind, {@code detail} says what was wrong this time.
 */
public final class Problems {

	private static final String TYPE_PREFIX = "urn:o11ydemo:problem:";

	private Problems() {
	}

	/** The {@code type} URI of a kind of problem, e.g. {@code urn:o11ydemo:problem:invalid-request}. */
	public static URI type(String kind) {
		return URI.create(TYPE_PREFIX + kind);
	}

	/** A problem body. */
	public static ProblemDetail of(HttpStatusCode status, String kind, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(kind));
		problem.setTitle(title);
		return problem;
	}

	/** An exception that Spring MVC answers with the problem body. */
	public static ErrorResponseException exception(HttpStatusCode status, String kind, String title, String detail) {
		return new ErrorResponseException(status, of(status, kind, title, detail), null);
	}

}
