package dev.o11ydemo.demoservice.clients;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import feign.FeignException;
import feign.RetryableException;

/** How a call to another service failed, in words for logs and problem details. */
public final class Dependencies {

	private Dependencies() {
	}

	/** True when the call gave up waiting (connect or read timeout). */
	public static boolean timedOut(FeignException ex) {
		return ex instanceof RetryableException && causedBy(ex, SocketTimeoutException.class);
	}

	/**
	 * E.g. "payment-service timed out", "payment-service is unreachable",
	 * "payment-service answered 500".
	 */
	public static String describe(String service, FeignException ex) {
		if (timedOut(ex)) {
			return service + " timed out";
		}
		if (ex instanceof RetryableException) {
			return service + (causedBy(ex, ConnectException.class) ? " is unreachable" : " could not be reached");
		}
		return service + " answered " + ex.status();
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
