package dev.o11ydemo.demoservice;

import org.springframework.core.Ordered;

/**
 * The order of the servlet filters this starter registers, written once. The chain,
 * outermost first, and why each stands where it does:
 * <ol>
 * <li>{@link #OBSERVATION}: Spring Boot's {@code ServerHttpObservationFilter}, which
 * times each request into {@code http_server_requests} and its span; everything after it
 * is counted, refused requests included, and the access log sees their status.</li>
 * <li>{@link #ACCEPT_HEADER}: {@code AcceptHeaderFilter} answers an {@code Accept} no
 * problem body can satisfy with 406 before any work.</li>
 * <li>{@link #FAULT_CONTROL_GUARD}: {@code FaultControlGuard} refuses a fault change or
 * {@code /crash} without its credential before the body of the change is read.</li>
 * <li>{@link #REQUEST_BODY}: {@code RequestBodyFilter} reads bodies off the request
 * thread within their size, time and per-client limits, for the requests the guard let
 * through.</li>
 * </ol>
 * {@code DemoServiceFiltersTests} boots a service and checks the registered order against
 * this list, Boot's own filter included.
 */
public final class DemoServiceFilters {

	/**
	 * Spring Boot's observation filter: its registration's order, restated to order
	 * after.
	 */
	public static final int OBSERVATION = Ordered.HIGHEST_PRECEDENCE + 1;

	/** Refuses unsatisfiable {@code Accept} headers. */
	public static final int ACCEPT_HEADER = OBSERVATION + 1;

	/** Refuses fault changes without their credential. */
	public static final int FAULT_CONTROL_GUARD = OBSERVATION + 4;

	/** Reads request bodies within their limits. */
	public static final int REQUEST_BODY = OBSERVATION + 9;

	private DemoServiceFilters() {
	}

}
