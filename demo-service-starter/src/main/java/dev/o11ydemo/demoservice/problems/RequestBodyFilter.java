package dev.o11ydemo.demoservice.problems;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.GenericFilterBean;

/**
 * Reads every request body before the request is handled, without holding a request
 * thread while the bytes arrive: the body is read with the Servlet container's
 * non-blocking reads, buffered, and the request is then dispatched again with the
 * buffered body. A client that sends its body slowly, or stalls, therefore costs a
 * connection and a small buffer, never one of the service's request threads, so probes
 * and other clients are still answered.
 * <p>
 * Bounds: a body larger than the limit gets a 413 problem (at once when Content-Length
 * says so, else as soon as the bytes read pass it); a body not complete within the
 * timeout gets a 408 problem; more bodies being read at once than allowed get a 503
 * problem with {@code Retry-After}, so buffered bodies use at most
 * {@code maxConcurrentReads × limit} of memory. Each of these closes the connection,
 * since the rest of the body was not read.
 */
class RequestBodyFilter extends GenericFilterBean {

	static final String BODY_TOO_LARGE = "body-too-large";

	static final String BODY_TIMEOUT = "body-timeout";

	static final String TOO_MANY_BODIES = "too-many-request-bodies";

	private static final String BODY_ATTRIBUTE = RequestBodyFilter.class.getName() + ".body";

	private static final String CONTEXT_ATTRIBUTE = RequestBodyFilter.class.getName() + ".context";

	private final long limit;

	private final Duration timeout;

	private final Semaphore reads;

	RequestBodyFilter(long limit, Duration timeout, int maxConcurrentReads) {
		this.limit = limit;
		this.timeout = timeout;
		this.reads = new Semaphore(maxConcurrentReads);
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		if (request.getAttribute(BODY_ATTRIBUTE) instanceof byte[] body) {
			// The dispatch that follows the read: handled as the request it is, with its
			// body from memory, inside the
			// trace context the request arrived with (the agent's server span), so logs
			// and exemplars carry its ids.
			request.removeAttribute(BODY_ATTRIBUTE);
			Context context = (Context) request.getAttribute(CONTEXT_ATTRIBUTE);
			request.removeAttribute(CONTEXT_ATTRIBUTE);
			try (Scope scope = (context != null) ? context.makeCurrent() : Scope.noop()) {
				chain.doFilter(new BufferedBodyRequest(request, body), response);
			}
			return;
		}
		if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		long length = request.getContentLengthLong();
		if (length > this.limit) {
			refuse(response, tooLarge());
			return;
		}
		if (!this.reads.tryAcquire()) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			refuse(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, TOO_MANY_BODIES, "Too many request bodies",
					"The service is reading as many request bodies as it allows; retry shortly."));
			return;
		}
		request.setAttribute(CONTEXT_ATTRIBUTE, Context.current());
		AsyncContext async = request.startAsync();
		async.setTimeout(this.timeout.toMillis());
		BodyReader reader = new BodyReader(async, request, response, length);
		async.addListener(reader);
		request.getInputStream().setReadListener(reader);
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
	}

	private ProblemDetail tooLarge() {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, BODY_TOO_LARGE, "Request body too large",
				"The request body is larger than " + this.limit + " bytes.");
	}

	private static void refuse(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setHeader(HttpHeaders.CONNECTION, "close");
		Problems.write(response, problem);
	}

	/**
	 * Reads one body as its bytes arrive, then dispatches the request; or answers the
	 * problem that ended it.
	 */
	private final class BodyReader implements ReadListener, AsyncListener {

		private final AsyncContext async;

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final ByteArrayOutputStream body;

		private final byte[] chunk = new byte[8192];

		/**
		 * Set once, by whichever of completion, error, overflow or timeout comes first.
		 */
		private final AtomicBoolean finished = new AtomicBoolean();

		BodyReader(AsyncContext async, HttpServletRequest request, HttpServletResponse response, long length) {
			this.async = async;
			this.request = request;
			this.response = response;
			this.body = new ByteArrayOutputStream((length > 0) ? (int) length : 1024);
		}

		@Override
		public void onDataAvailable() throws IOException {
			ServletInputStream in = this.request.getInputStream();
			while (!this.finished.get() && in.isReady()) {
				int n = in.read(this.chunk);
				if (n < 0) {
					return;
				}
				if (this.body.size() + n > RequestBodyFilter.this.limit) {
					end(tooLarge());
					return;
				}
				this.body.write(this.chunk, 0, n);
			}
		}

		@Override
		public void onAllDataRead() {
			if (this.finished.compareAndSet(false, true)) {
				RequestBodyFilter.this.reads.release();
				this.request.setAttribute(BODY_ATTRIBUTE, this.body.toByteArray());
				// The read completes on a container thread with no trace context;
				// dispatch within the request's.
				Context context = (Context) this.request.getAttribute(CONTEXT_ATTRIBUTE);
				try (Scope scope = (context != null) ? context.makeCurrent() : Scope.noop()) {
					this.async.dispatch();
				}
			}
		}

		@Override
		public void onError(Throwable ex) {
			// A broken chunked encoding, or the client went away: nothing was handled.
			end(Problems.of(HttpStatus.BAD_REQUEST, BadRequestAdvice.MALFORMED_BODY, "Malformed request body",
					"The request body could not be read."));
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			end(Problems.of(HttpStatus.REQUEST_TIMEOUT, BODY_TIMEOUT, "Request body too slow",
					"The request body did not arrive within " + RequestBodyFilter.this.timeout.toMillis() + " ms."));
		}

		@Override
		public void onError(AsyncEvent event) {
			onError(event.getThrowable());
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		private void end(ProblemDetail problem) {
			if (!this.finished.compareAndSet(false, true)) {
				return;
			}
			RequestBodyFilter.this.reads.release();
			try {
				if (!this.response.isCommitted()) {
					refuse(this.response, problem);
				}
			}
			catch (IOException | IllegalStateException clientGone) {
				// Nobody left to tell.
			}
			finally {
				this.async.complete();
			}
		}

	}

	/**
	 * The request as the application sees it: its body from memory, and a plain request
	 * dispatch.
	 */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		private @Nullable ServletInputStream stream;

		private @Nullable BufferedReader reader;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		/**
		 * The application's filters and handlers see the request, not a redispatch:
		 * filters that run once per request skip async dispatches, and none of them ran
		 * for this request before its body was read.
		 */
		@Override
		public DispatcherType getDispatcherType() {
			return DispatcherType.REQUEST;
		}

		@Override
		public ServletInputStream getInputStream() {
			if (this.reader != null) {
				throw new IllegalStateException("getReader() was called before");
			}
			if (this.stream == null) {
				this.stream = new BufferedBodyStream(this.body);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() {
			if (this.stream != null) {
				throw new IllegalStateException("getInputStream() was called before");
			}
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null && Charset.isSupported(encoding)) ? Charset.forName(encoding)
						: StandardCharsets.UTF_8;
				this.reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body), charset));
			}
			return this.reader;
		}

	}

	private static final class BufferedBodyStream extends ServletInputStream {

		private final ByteArrayInputStream in;

		BufferedBodyStream(byte[] body) {
			this.in = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.in.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			return this.in.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new IllegalStateException("The body was read already; read it with blocking reads");
		}

	}

}
