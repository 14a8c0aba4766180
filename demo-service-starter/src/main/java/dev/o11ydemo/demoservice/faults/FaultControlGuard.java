package dev.o11ydemo.demoservice.faults;

import java.io.IOException;
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

import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Guards the fault controls that change state: {@code /crash} and any non-read request to
 * {@code /actuator/faults}. With a token configured, every caller must send
 * {@code Authorization: Bearer <token>} (401 otherwise, loopback included, since
 * {@code kubectl port-forward} arrives on the pod's loopback). Without one, only loopback
 * callers are served (403 otherwise), so a suite started on a laptop needs no setup and
 * one behind a load balancer cannot be crashed by a stranger. Read-only controls
 * ({@code GET /actuator/faults}) and the demo routes that change nothing
 * ({@code /serverError}, {@code /notFound}, {@code /example}) stay open.
 * <p>
 * The path is the container's decoded and normalised one ({@code /cr%61sh},
 * {@code /crash;x=1} are {@code /crash}), the form Spring MVC matches routes against.
 */
class FaultControlGuard extends OncePerRequestFilter {

	static final String TOKEN_REQUIRED = "fault-token-required";

	static final String LOOPBACK_ONLY = "fault-controls-loopback-only";

	private static final Logger logger = LoggerFactory.getLogger(FaultControlGuard.class);

	private final byte @Nullable [] token;

	private final String faultsPath;

	FaultControlGuard(@Nullable String token, String actuatorBasePath) {
		this.token = (token != null) ? token.getBytes(StandardCharsets.UTF_8) : null;
		this.faultsPath = actuatorBasePath.replaceAll("/+$", "") + "/faults";
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
		ProblemDetail refusal = (this.token != null) ? checkToken(request) : checkLoopback(request);
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		logger.warn("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
				refusal.getTitle());
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
		if (isLoopback(request.getRemoteAddr())) {
			return null;
		}
		return Problems.of(HttpStatus.FORBIDDEN, LOOPBACK_ONLY, "Fault controls are local only",
				"No fault token is configured, so this fault control answers only clients on the same host. "
						+ "Set DEMO_FAULTROUTES_TOKEN to use it from elsewhere.");
	}

	/**
	 * Whether the container's remote address is a loopback literal. Compared as text,
	 * never resolved: behind a proxy that address may come from {@code X-Forwarded-For},
	 * and a name there must not be looked up.
	 */
	private static boolean isLoopback(@Nullable String address) {
		if (address == null) {
			return false;
		}
		String ip = address.startsWith("::ffff:") ? address.substring(7) : address;
		return ip.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1");
	}

}
