package dev.o11ydemo.observability.problems;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit (a chunked body has no Content-Length). */
class RequestBodyTooLargeException extends IOException {

	RequestBodyTooLargeException(long limit) {
		super("Request body larger than " + limit + " bytes");
	}

}
