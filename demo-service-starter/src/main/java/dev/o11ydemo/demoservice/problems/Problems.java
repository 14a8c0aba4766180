package dev.o11ydemo.demoservice.problems;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.ErrorResponseException;

/**
 * RFC 9457 problems of the suite. Each kind has a stable {@code type} URI that clients
 * and tests can match on; {@code title} is the same for every occurrence of a kind,
 * {@code detail} says what was wrong this time.
 */
public final class Problems {

	private static final String TYPE_PREFIX = "urn:o11ydemo:problem:";

	/**
	 * As Spring MVC writes problems: no null members, extra properties at the top level.
	 */
	private static final JsonMapper json = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private Problems() {
	}

	/**
	 * The {@code type} URI of a kind of problem, e.g.
	 * {@code urn:o11ydemo:problem:invalid-request}.
	 */
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

	/**
	 * Writes a problem straight to the response, for filters and container hooks that
	 * answer before Spring MVC would (their clients never reach a handler).
	 */
	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

	static String toJson(ProblemDetail problem) {
		return json.writeValueAsString(problem);
	}

}
