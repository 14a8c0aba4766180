package dev.o11ydemo.observability.problems;

import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Turns unreadable or invalid request bodies into 4xx problems that say which field is wrong, without echoing parser
 * internals or stack traces. Runs before Spring's own problem handler, which would answer these with a bare
 * "Bad Request".
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class BadRequestAdvice {

	static final String INVALID_REQUEST = "invalid-request";

	static final String MALFORMED_BODY = "malformed-body";

	static final String BODY_TOO_LARGE = "body-too-large";

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		if (causedBy(ex, RequestBodyTooLargeException.class)) {
			return Problems.of(HttpStatus.CONTENT_TOO_LARGE, BODY_TOO_LARGE, "Request body too large",
					"The request body is larger than this service accepts.");
		}
		if (ex.getCause() instanceof InvalidFormatException || ex.getCause() instanceof MismatchedInputException) {
			DatabindException cause = (DatabindException) ex.getCause();
			String field = fieldPath(cause);
			if (!field.isEmpty()) {
				ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request",
						"Field '" + field + "' has the wrong type.");
				problem.setProperty("errors", List.of(Map.of("field", field, "message", "has the wrong type")));
				return problem;
			}
		}
		String detail = (ex.getCause() instanceof JacksonException) ? "The request body is not valid JSON."
				: "The request body is missing or cannot be read.";
		return Problems.of(HttpStatus.BAD_REQUEST, MALFORMED_BODY, "Malformed request body", detail);
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalid(MethodArgumentNotValidException ex) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", message(error)))
			.toList();
		String fields = String.join(", ", errors.stream().map((error) -> error.get("field")).distinct().toList());
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request",
				"Invalid field(s): " + fields + ".");
		problem.setProperty("errors", errors);
		return problem;
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	ProblemDetail invalidParameters(HandlerMethodValidationException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request",
				"Invalid parameter(s): " + String.join(", ", ex.getParameterValidationResults()
					.stream()
					.map((result) -> result.getMethodParameter().getParameterName())
					.toList()) + ".");
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static String fieldPath(DatabindException ex) {
		return String.join(".", ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: Integer.toString(reference.getIndex()))
			.toList());
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
