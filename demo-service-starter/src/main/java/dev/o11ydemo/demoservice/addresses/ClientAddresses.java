package dev.o11ydemo.demoservice.addresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who sent a request, in the two senses the services need.
 * <ul>
 * <li>The <b>peer</b>: the address at the other end of the TCP connection, recorded by
 * {@link PeerAddressValve} before anything reads a forwarded header. Only the peer may
 * decide trust (the fault controls' loopback rule): on Kubernetes Spring Boot turns on
 * Tomcat's {@code RemoteIpValve}, which takes {@code getRemoteAddr()} from
 * {@code X-Forwarded-For} whenever the peer has a private address, so any pod could claim
 * to be {@code 127.0.0.1}.</li>
 * <li>The <b>client</b>: the address a fair share is counted against. Behind a load
 * balancer every request has the balancer as its peer, so when the peer is a private or
 * loopback address the client is the last {@code X-Forwarded-For} entry, the one the
 * proxy next to the service appended (the ALB appends the address it saw); anything a
 * client wrote further left is ignored. A peer with a public address is its own
 * client.</li>
 * </ul>
 * Addresses are read as literals and never resolved.
 */
public final class ClientAddresses {

	/** The request attribute {@link PeerAddressValve} records the peer under. */
	public static final String PEER_ATTRIBUTE = ClientAddresses.class.getName() + ".peer";

	/** The request attribute of the last {@code X-Forwarded-For} entry, as received. */
	public static final String LAST_FORWARDED_FOR_ATTRIBUTE = ClientAddresses.class.getName() + ".lastForwardedFor";

	/** The request attribute set when the request came with a forwarding header. */
	public static final String RELAYED_ATTRIBUTE = ClientAddresses.class.getName() + ".relayed";

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private ClientAddresses() {
	}

	/**
	 * The TCP peer of the request's connection, or empty where {@link PeerAddressValve}
	 * did not run (another container, a mock request): callers that decide trust must
	 * then refuse.
	 */
	public static Optional<InetAddress> peer(HttpServletRequest request) {
		return (request.getAttribute(PEER_ATTRIBUTE) instanceof String peer) ? literal(peer) : Optional.empty();
	}

	/**
	 * The address a fair share of the service is counted against, as text: the peer, or
	 * the last {@code X-Forwarded-For} entry when the peer is a proxy (private or
	 * loopback) and that entry is an address.
	 */
	public static String client(HttpServletRequest request) {
		Optional<InetAddress> peer = peer(request);
		if (peer.isEmpty()) {
			return String.valueOf(request.getRemoteAddr());
		}
		if (isProxy(peer.get())) {
			Optional<InetAddress> forwarded = lastForwardedFor(request);
			if (forwarded.isPresent()) {
				return forwarded.get().getHostAddress();
			}
		}
		return peer.get().getHostAddress();
	}

	/**
	 * Whether {@code address} is one a proxy in front of the service would have:
	 * loopback, RFC 1918, carrier-grade NAT (100.64/10), link-local, or IPv6
	 * unique-local.
	 */
	static boolean isProxy(InetAddress address) {
		if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
		}
		return (bytes[0] & 0xfe) == 0xfc;
	}

	/**
	 * Whether the request comes from this host itself: a loopback TCP peer, not relayed
	 * by a proxy (a proxy on the same host relays others). The rule for controls that
	 * need no credential on a laptop; on Kubernetes, where {@code kubectl port-forward}
	 * is a loopback peer too, no such rule should apply.
	 */
	public static boolean fromThisHost(HttpServletRequest request) {
		return !relayed(request) && peer(request).map(InetAddress::isLoopbackAddress).orElse(false);
	}

	/**
	 * Whether a proxy relayed the request: it came with a {@code Forwarded},
	 * {@code X-Forwarded-For} or {@code X-Real-IP} header. Unknown (no valve) counts as
	 * relayed.
	 */
	public static boolean relayed(HttpServletRequest request) {
		return request.getAttribute(RELAYED_ATTRIBUTE) != null || request.getAttribute(PEER_ATTRIBUTE) == null;
	}

	private static Optional<InetAddress> lastForwardedFor(HttpServletRequest request) {
		return (request.getAttribute(LAST_FORWARDED_FOR_ATTRIBUTE) instanceof String last) ? literal(last)
				: Optional.empty();
	}

	/**
	 * The address written as {@code text}, an IPv4 dotted quad or an IPv6 literal (an
	 * IPv4-mapped one is its IPv4 address), or empty for anything else, names included:
	 * never a DNS query.
	 */
	public static Optional<InetAddress> literal(@Nullable String text) {
		if (text == null) {
			return Optional.empty();
		}
		String candidate = (text.startsWith("[") && text.endsWith("]")) ? text.substring(1, text.length() - 1) : text;
		boolean v6 = candidate.indexOf(':') >= 0;
		if (!(v6 ? IPV6.matcher(candidate).matches() : IPV4.matcher(candidate).matches())) {
			return Optional.empty();
		}
		try {
			// A literal of either form is parsed, not looked up.
			return Optional.of(InetAddress.getByName(candidate));
		}
		catch (UnknownHostException notAnAddress) {
			return Optional.empty();
		}
	}

}
