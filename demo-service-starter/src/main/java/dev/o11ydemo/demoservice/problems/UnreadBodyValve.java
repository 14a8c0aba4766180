package dev.o11ydemo.demoservice.problems;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection, without reading the rest of the body, after a request whose body
 * {@link RequestBodyFilter} refused. Tomcat would otherwise read ("swallow") the unread
 * body on the request thread before the next request, for every status it does not itself
 * close the connection on, 429 among them: a client trickling that body would hold a
 * request thread for as long as it liked.
 */
final class UnreadBodyValve extends ValveBase {

	/** The request attribute {@link RequestBodyFilter} sets on a refused body. */
	static final String REFUSED = UnreadBodyValve.class.getName() + ".refused";

	UnreadBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		if (request.getAttribute(REFUSED) != null) {
			request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		}
	}

}
