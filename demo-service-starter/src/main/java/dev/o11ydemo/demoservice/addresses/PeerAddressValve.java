package dev.o11ydemo.demoservice.addresses;

import java.io.IOException;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Records, before anything rewrites them, what the connection says of the client: the TCP
 * peer ({@link ClientAddresses#PEER_ATTRIBUTE}), the last {@code X-Forwarded-For} entry
 * ({@link ClientAddresses#LAST_FORWARDED_FOR_ATTRIBUTE}) and whether any forwarding
 * header came at all ({@link ClientAddresses#RELAYED_ATTRIBUTE}). It runs ahead of
 * Tomcat's {@code RemoteIpValve}, which replaces {@code getRemoteAddr()} and removes the
 * forwarding headers it consumed; Tomcat's own {@code getPeerAddr()} stays the
 * connection's address, but the servlet API does not expose it.
 */
final class PeerAddressValve extends ValveBase {

	/** Headers a proxy adds for the client it relays. */
	static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP");

	PeerAddressValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		request.setAttribute(ClientAddresses.PEER_ATTRIBUTE, request.getPeerAddr());
		if (FORWARDING_HEADERS.stream().anyMatch((name) -> request.getHeader(name) != null)) {
			request.setAttribute(ClientAddresses.RELAYED_ATTRIBUTE, Boolean.TRUE);
		}
		String last = null;
		for (Enumeration<String> headers = request.getHeaders("X-Forwarded-For"); headers.hasMoreElements();) {
			String header = headers.nextElement();
			last = header.substring(header.lastIndexOf(',') + 1).strip();
		}
		if (last != null) {
			request.setAttribute(ClientAddresses.LAST_FORWARDED_FOR_ATTRIBUTE, last);
		}
		getNext().invoke(request, response);
	}

}
