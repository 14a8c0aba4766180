package dev.o11ydemo.demoservice.problems;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page every error the container forwards to ({@code server.error.path}) lands
 * on: the status as an RFC 9457 problem, in place of Spring Boot's JSON map or its HTML
 * "Whitelabel" page. Written straight to the response, so no {@code Accept} header can
 * turn it into something else. Asked for directly, it is a 404 like any unknown path.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ProblemDetail problem = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status
				&& status >= 400) ? ProblemDetail.forStatus(status)
						: ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No endpoint here.");
		if (!response.isCommitted()) {
			response.resetBuffer();
			Problems.write(response, problem);
		}
	}

}
