package dev.o11ydemo.demoservice.problems;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request whose {@code Accept} header cannot be parsed with a 400 problem.
 * Without it Spring MVC fails while choosing how to write the response, error responses
 * included, and sends the status with an empty body.
 */
class AcceptHeaderFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		if (!accept.isEmpty()) {
			try {
				MediaType.parseMediaTypes(accept);
			}
			catch (InvalidMediaTypeException ex) {
				ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, BadRequestAdvice.INVALID_REQUEST,
						"Invalid request", "The Accept header is not a valid list of media types.");
				problem.setProperty("errors", List.of(Map.of("field", HttpHeaders.ACCEPT, "message", "is not valid")));
				Problems.write(response, problem);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
