package dev.o11ydemo.demoservice.routes;

/**
 * Ends the process for {@code /crash}. The default halts the JVM at once, as a crash
 * would: no shutdown hooks, no graceful drain (which would otherwise wait for the very
 * request that asked for the crash). A service or a test may supply its own bean.
 */
@FunctionalInterface
public interface ProcessTerminator {

	void terminate(int status);

	/** The default: {@link Runtime#halt(int)}. */
	static ProcessTerminator halt() {
		return (status) -> Runtime.getRuntime().halt(status);
	}

}
