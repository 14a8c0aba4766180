package dev.o11ydemo.demoservice.problems;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error responses, for requests it refuses before any application code runs
 * (a malformed request line, an oversized header or URL, a bad percent-encoding, an
 * unsupported protocol version or method), as 4xx RFC 9457 problems instead of Tomcat's
 * HTML page. These requests never reach the application, so they are in no metric.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

	static final String MALFORMED_REQUEST = "malformed-request";

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		// Tomcat answers a method it does not serve (CONNECT) with 501 and an unknown
		// protocol version with 505: the
		// client's doing, so a 4xx, which no error-rate alert or load balancer 5xx count
		// takes for a server fault.
		if (status == HttpStatus.NOT_IMPLEMENTED.value()) {
			status = HttpStatus.METHOD_NOT_ALLOWED.value();
		}
		else if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value()) {
			status = HttpStatus.BAD_REQUEST.value();
		}
		try {
			response.setStatus(status);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(Problems.toJson(problem(status)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException clientGone) {
			// The connection is closing anyway.
		}
	}

	private static ProblemDetail problem(int status) {
		if (status == HttpStatus.BAD_REQUEST.value()) {
			return Problems.of(HttpStatus.BAD_REQUEST, MALFORMED_REQUEST, "Malformed request",
					"The request line, the URL or a header is malformed or too large.");
		}
		// The status's own title, as RFC 9457 asks of the default type.
		return ProblemDetail.forStatus(status);
	}

}
