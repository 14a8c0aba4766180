package dev.o11ydemo.demoservice.problems;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
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

import dev.o11ydemo.demoservice.addresses.ClientAddresses;

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
 * timeout gets a 408 problem. One client ({@link ClientAddresses#client}) may have at
 * most {@code maxReadsPerClient} bodies being read at once: beyond it that client gets a
 * 429 problem with {@code Retry-After}, a 4xx that moves no 5xx alert, while everyone
 * else is still served. More bodies being read at once than the service allows in all get
 * a 503 problem with {@code Retry-After}: that takes many clients, a real overload.
 * Buffered bodies therefore use at most {@code maxConcurrentReads × limit} of memory.
 * Each refusal closes the connection, since the rest of the body was not read.
 */
class RequestBodyFilter extends GenericFilterBean {

	static final String BODY_TOO_LARGE = "body-too-large";

	static final String BODY_TIMEOUT = "body-timeout";

	static final String TOO_MANY_BODIES = "too-many-request-bodies";

	static final String TOO_MANY_REQUESTS = "too-many-requests";

	private static final String BODY_ATTRIBUTE = RequestBodyFilter.class.getName() + ".body";

	private static final String CONTEXT_ATTRIBUTE = RequestBodyFilter.class.getName() + ".context";

	private final long limit;

	private final Duration timeout;

	private final Semaphore reads;

	private final int maxReadsPerClient;

	/**
	 * Bodies being read per client; a client leaves the map with its last body, so it
	 * holds at most {@code maxConcurrentReads} entries.
	 */
	private final ConcurrentHashMap<String, Integer> readsByClient = new ConcurrentHashMap<>();

	RequestBodyFilter(long limit, Duration timeout, int maxConcurrentReads, int maxReadsPerClient) {
		this.limit = limit;
		this.timeout = timeout;
		this.reads = new Semaphore(maxConcurrentReads);
		this.maxReadsPerClient = maxReadsPerClient;
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
			refuse(request, response, tooLarge());
			return;
		}
		String client = ClientAddresses.client(request);
		if (!acquire(client)) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			refuse(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, "Too many requests",
					"This client is sending as many request bodies at once as one client may; retry shortly."));
			return;
		}
		if (!this.reads.tryAcquire()) {
			releaseClient(client);
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			refuse(request, response,
					Problems.of(HttpStatus.SERVICE_UNAVAILABLE, TOO_MANY_BODIES, "Too many request bodies",
							"The service is reading as many request bodies as it allows; retry shortly."));
			return;
		}
		BodyReader reader = new BodyReader(request, response, length, client);
		try {
			request.setAttribute(CONTEXT_ATTRIBUTE, Context.current());
			AsyncContext async = request.startAsync();
			async.setTimeout(this.timeout.toMillis());
			reader.start(async);
			request.getInputStream().setReadListener(reader);
		}
		catch (IOException | RuntimeException ex) {
			// The read never started: nothing else will give the permits back.
			reader.release();
			throw ex;
		}
	}

	/** Takes one of {@code client}'s reads, if it has one left. */
	private boolean acquire(String client) {
		boolean[] taken = new boolean[1];
		this.readsByClient.compute(client, (key, reads) -> {
			int current = (reads != null) ? reads : 0;
			taken[0] = current < this.maxReadsPerClient;
			return taken[0] ? current + 1 : reads;
		});
		return taken[0];
	}

	private void releaseClient(String client) {
		this.readsByClient.computeIfPresent(client, (key, reads) -> (reads > 1) ? reads - 1 : null);
	}

	/** Bodies being read now, for the tests. */
	int readsInProgress(String client) {
		return this.readsByClient.getOrDefault(client, 0);
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
	}

	private ProblemDetail tooLarge() {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, BODY_TOO_LARGE, "Request body too large",
				"The request body is larger than " + this.limit + " bytes.");
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		request.setAttribute(UnreadBodyValve.REFUSED, Boolean.TRUE);
		response.setHeader(HttpHeaders.CONNECTION, "close");
		Problems.write(response, problem);
	}

	/**
	 * Reads one body as its bytes arrive, then dispatches the request; or answers the
	 * problem that ended it.
	 */
	private final class BodyReader implements ReadListener, AsyncListener {

		private @Nullable AsyncContext async;

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final ByteArrayOutputStream body;

		private final byte[] chunk = new byte[8192];

		/**
		 * Set once, by whichever of completion, error, overflow or timeout comes first.
		 */
		private final AtomicBoolean finished = new AtomicBoolean();

		private final String client;

		/** Set once, by whichever of the ends or a failed start comes first. */
		private final AtomicBoolean released = new AtomicBoolean();

		BodyReader(HttpServletRequest request, HttpServletResponse response, long length, String client) {
			this.request = request;
			this.response = response;
			this.client = client;
			this.body = new ByteArrayOutputStream((length > 0) ? (int) length : 1024);
		}

		void start(AsyncContext async) {
			this.async = async;
			async.addListener(this);
		}

		/** Gives back the service's and the client's permit, once. */
		void release() {
			if (this.released.compareAndSet(false, true)) {
				RequestBodyFilter.this.reads.release();
				releaseClient(this.client);
			}
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
				release();
				this.request.setAttribute(BODY_ATTRIBUTE, this.body.toByteArray());
				// The read completes on a container thread with no trace context;
				// dispatch within the request's.
				Context context = (Context) this.request.getAttribute(CONTEXT_ATTRIBUTE);
				try (Scope scope = (context != null) ? context.makeCurrent() : Scope.noop()) {
					asyncContext().dispatch();
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
			release();
			try {
				if (!this.response.isCommitted()) {
					refuse(this.request, this.response, problem);
				}
			}
			catch (IOException | IllegalStateException clientGone) {
				// Nobody left to tell.
			}
			finally {
				asyncContext().complete();
			}
		}

		private AsyncContext asyncContext() {
			AsyncContext context = this.async;
			if (context == null) {
				throw new IllegalStateException("The body read has not started");
			}
			return context;
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
