package dev.o11ydemo.observability.web;

/**
 * Told about every finished HTTP request. Beans of this type are called in no particular
 * order, on the thread that completes the request.
 */
@FunctionalInterface
public interface CompletedRequestListener {

	void onCompleted(CompletedRequest request);

}
