package dev.o11ydemo.demoservice.problems;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Turns unreadable or invalid request bodies into 4xx problems that say which field is
 * wrong, without echoing parser internals or stack traces. Runs just before Spring's own
 * problem handler (order 0), which would answer these with a bare "Bad Request"; an
 * advice a service orders ahead of it runs first.
 */
@RestControllerAdvice
@Order(-1)
class BadRequestAdvice {

	static final String INVALID_REQUEST = "invalid-request";

	static final String MALFORMED_BODY = "malformed-body";

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof InvalidFormatException || ex.getCause() instanceof MismatchedInputException) {
			DatabindException cause = (DatabindException) ex.getCause();
			String field = fieldPath(cause);
			if (!field.isEmpty()) {
				String message = (cause instanceof InvalidFormatException invalid
						&& invalid.getTargetType() == String.class) ? StorableTextDeserializer.NOT_STORABLE
								: "has the wrong type";
				ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request",
						"Field '" + field + "' " + message + ".");
				problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
				return problem;
			}
		}
		String detail = (ex.getCause() instanceof JacksonException) ? "The request body is not valid JSON."
				: "The request body is missing or cannot be read.";
		return Problems.of(HttpStatus.BAD_REQUEST, MALFORMED_BODY, "Malformed request body", detail);
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalid(MethodArgumentNotValidException ex) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getBindingResult().getFieldErrors().forEach((error) -> errors.add(fieldError(error)));
		return invalidRequest(errors);
	}

	/**
	 * Raised instead of the above when a handler validates parameters as well as its
	 * body.
	 */
	@ExceptionHandler(HandlerMethodValidationException.class)
	ProblemDetail invalidParameters(HandlerMethodValidationException ex) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors body) {
				body.getFieldErrors().forEach((error) -> errors.add(fieldError(error)));
				continue;
			}
			String name = parameterName(result.getMethodParameter());
			result.getResolvableErrors()
				.forEach((error) -> errors.add(Map.of("field", name, "message",
						(error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid")));
		}
		return invalidRequest(errors);
	}

	private static ProblemDetail invalidRequest(List<Map<String, String>> errors) {
		String fields = String.join(", ", errors.stream().map((error) -> error.get("field")).distinct().toList());
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request",
				"Invalid field(s): " + fields + ".");
		problem.setProperty("errors", errors);
		return problem;
	}

	/**
	 * A header or query parameter by the name the client used, not the Java parameter
	 * name.
	 */
	private static String parameterName(MethodParameter parameter) {
		RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
		if (header != null && !header.name().isEmpty()) {
			return header.name();
		}
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		if (param != null && !param.name().isEmpty()) {
			return param.name();
		}
		return String.valueOf(parameter.getParameterName());
	}

	private static Map<String, String> fieldError(FieldError error) {
		return Map.of("field", error.getField(), "message", message(error));
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static String fieldPath(DatabindException ex) {
		return String.join(".",
				ex.getPath()
					.stream()
					.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
							: Integer.toString(reference.getIndex()))
					.toList());
	}

}
