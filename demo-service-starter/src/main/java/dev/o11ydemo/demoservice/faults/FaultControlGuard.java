package dev.o11ydemo.demoservice.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.o11ydemo.demoservice.addresses.ClientAddresses;
import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Guards the fault controls that change state: {@code /crash} and any non-read request to
 * {@code /actuator/faults}. With a token configured, every caller must send
 * {@code Authorization: Bearer <token>} (401 otherwise, loopback included, since
 * {@code kubectl port-forward} arrives on the pod's loopback). Without one, only a
 * loopback peer is served (403 otherwise), so a suite started on a laptop needs no setup
 * and one behind a load balancer cannot be crashed by a stranger; and on Kubernetes,
 * where every pod of the cluster is one hop away, nobody is (403). Read-only controls
 * ({@code GET /actuator/faults}) and the demo routes that change nothing
 * ({@code /serverError}, {@code /notFound}, {@code /example}) stay open.
 * <p>
 * Loopback means the TCP peer ({@link ClientAddresses#peer}), never an address a
 * forwarded header names, and a request a proxy relayed (one with a forwarding header) is
 * not a local one whatever it names. Without a token a browser page on the same machine
 * is a loopback client too, so a request a browser marks as cross-site
 * ({@code Sec-Fetch-Site}) or sends from a page of another origin ({@code Origin}) is
 * refused: an {@code <img src="http://localhost:3001/crash">} cannot end the suite, curl
 * and the drills still can.
 * <p>
 * The path is the container's decoded and normalised one ({@code /cr%61sh},
 * {@code /crash;x=1} are {@code /crash}), the form Spring MVC matches routes against.
 */
class FaultControlGuard extends OncePerRequestFilter {

	static final String TOKEN_REQUIRED = "fault-token-required";

	static final String LOOPBACK_ONLY = "fault-controls-loopback-only";

	static final String CLOSED = "fault-controls-closed";

	static final String CROSS_SITE = "fault-controls-cross-site";

	/** Who may use the controls. */
	enum Mode {

		/** Callers with the token. */
		TOKEN,

		/** Loopback peers, not from another site's page. */
		LOOPBACK,

		/** Nobody: no token, on a platform where loopback is no boundary. */
		CLOSED

	}

	private static final Logger logger = LoggerFactory.getLogger(FaultControlGuard.class);

	private final byte @Nullable [] token;

	private final Mode mode;

	private final String faultsPath;

	/**
	 * @param token the fault token, or null for none
	 * @param closedWithoutToken whether, with no token, nobody may use the controls
	 * (Kubernetes) instead of loopback peers
	 */
	FaultControlGuard(@Nullable String token, boolean closedWithoutToken, String actuatorBasePath) {
		this.token = (token != null) ? token.getBytes(StandardCharsets.UTF_8) : null;
		this.mode = (token != null) ? Mode.TOKEN : (closedWithoutToken ? Mode.CLOSED : Mode.LOOPBACK);
		this.faultsPath = actuatorBasePath.replaceAll("/+$", "") + "/faults";
	}

	Mode mode() {
		return this.mode;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		if (path.equals("/crash")) {
			return false;
		}
		boolean faults = path.equals(this.faultsPath) || path.startsWith(this.faultsPath + "/");
		return !faults || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ProblemDetail refusal = switch (this.mode) {
			case TOKEN -> checkToken(request);
			case LOOPBACK -> checkLoopback(request);
			case CLOSED -> Problems.of(HttpStatus.FORBIDDEN, CLOSED, "Fault controls are closed",
					"No fault token is configured, and on Kubernetes every pod could reach these controls. "
							+ "Set DEMO_FAULTROUTES_TOKEN (the fault-token Secret) to use them.");
		};
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		logger.warn("Refused {} {} from {} (peer {}): {}", request.getMethod(), request.getRequestURI(),
				request.getRemoteAddr(),
				ClientAddresses.peer(request).map(InetAddress::getHostAddress).orElse("unknown"), refusal.getTitle());
		if (refusal.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fault-controls\"");
		}
		Problems.write(response, refusal);
	}

	private @Nullable ProblemDetail checkToken(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && MessageDigest
			.isEqual(this.token, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
			return null;
		}
		return Problems.of(HttpStatus.UNAUTHORIZED, TOKEN_REQUIRED, "Fault token required",
				"This fault control needs Authorization: Bearer <fault token> (DEMO_FAULTROUTES_TOKEN).");
	}

	private static @Nullable ProblemDetail checkLoopback(HttpServletRequest request) {
		if (!ClientAddresses.fromThisHost(request)) {
			return Problems.of(HttpStatus.FORBIDDEN, LOOPBACK_ONLY, "Fault controls are local only",
					"No fault token is configured, so this fault control answers only clients on the same host. "
							+ "Set DEMO_FAULTROUTES_TOKEN to use it from elsewhere.");
		}
		if (fromAnotherSite(request)) {
			return Problems.of(HttpStatus.FORBIDDEN, CROSS_SITE, "Fault controls refuse other sites",
					"A browser sent this fault control from another site's page. Use curl or the load generator, "
							+ "or set DEMO_FAULTROUTES_TOKEN.");
		}
		return null;
	}

	/**
	 * Whether a browser says the request comes from another site's page: a
	 * {@code Sec-Fetch-Site} other than same-origin or none (typed in the address bar),
	 * or an {@code Origin} whose host is not a loopback one. Non-browser clients send
	 * neither.
	 */
	private static boolean fromAnotherSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
			return true;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null) {
			return false;
		}
		try {
			String host = URI.create(origin.strip()).getHost();
			return host == null || !(host.equalsIgnoreCase("localhost")
					|| ClientAddresses.literal(host).map(InetAddress::isLoopbackAddress).orElse(false));
		}
		catch (IllegalArgumentException opaque) {
			return true;
		}
	}

}
