package dev.o11ydemo.demoservice.clients;

import java.io.IOException;

import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.util.TimeValue;

/**
 * Sends a call once more, at once and on a new connection, when it failed on a pooled
 * connection that the peer had already closed (a restarted pod, an idle timeout).
 * HttpClient 5 retries only idempotent methods by default, where the JDK's
 * HttpURLConnection retried POSTs too; every call between the suite's services is safe to
 * repeat (service-b's GET, auth-service's introspection, payment-service's one charge per
 * order), so any method is retried here. Timeouts and refused connections are never
 * retried, so a dead or hung dependency stays a fast, clear failure, and responses (a 503
 * included) are passed on as they are.
 */
final class ClosedConnectionRetryStrategy extends DefaultHttpRequestRetryStrategy {

	private final ConnPoolControl<?> pool;

	ClosedConnectionRetryStrategy(ConnPoolControl<?> pool) {
		super(1, TimeValue.ZERO_MILLISECONDS);
		this.pool = pool;
	}

	@Override
	public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
		boolean retry = super.retryRequest(request, exception, execCount, context);
		if (retry && this.pool != null) {
			// A peer that closed one pooled connection has closed the others too: the
			// retry must not lease one.
			this.pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
		}
		return retry;
	}

	@Override
	protected boolean handleAsIdempotent(HttpRequest request) {
		return true;
	}

	@Override
	public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
		return false;
	}

}
