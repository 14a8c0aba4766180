package dev.o11ydemo.loadtest.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM settings a service has in its pod, for a service the benchmark starts on this
 * machine: the image's {@code JAVA_TOOL_OPTIONS} and {@code MALLOC_ARENA_MAX} as the
 * Dockerfile sets them, and {@code -XX:MaxRAM} at the pod's memory limit, so that the
 * heap is sized as in the container (a share of the limit, starting small) rather than
 * from this machine's memory. The agent is left out: the benchmark attaches it or not per
 * mode.
 *
 * @param options the JVM options
 * @param environment the environment variables the image sets for the JVM
 */
record ContainerJvm(List<String> options, Map<String, String> environment) {

	private static final Pattern TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");

	private static final Pattern ARENAS = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)");

	private static final Pattern LIMIT = Pattern.compile("limits:\\s*\\n(?:\\s+cpu:.*\\n)?\\s+memory:\\s*(\\d+)Mi");

	/**
	 * Options that exist only from this Java feature release on (compact object headers
	 * are a product flag in 25).
	 */
	private static final Map<String, Integer> SINCE = Map.of("-XX:+UseCompactObjectHeaders", 25);

	/**
	 * The pod's JVM settings from the Dockerfile and the jvm-service component's pod
	 * patch.
	 * @param dockerfile the Dockerfile's text
	 * @param podPatch the text of k8s/components/jvm-service/pod.yaml
	 * @param javaFeature the feature release of the java that runs the services here;
	 * options it lacks are left out
	 */
	static ContainerJvm of(String dockerfile, String podPatch, int javaFeature) {
		Matcher toolOptions = TOOL_OPTIONS.matcher(dockerfile);
		Matcher limit = LIMIT.matcher(podPatch);
		if (!toolOptions.find() || !limit.find()) {
			throw new IllegalArgumentException("no JAVA_TOOL_OPTIONS in the Dockerfile or no memory limit in the pod");
		}
		List<String> options = new ArrayList<>();
		for (String option : Arrays.asList(toolOptions.group(1).trim().split("\\s+"))) {
			if (!option.startsWith("-javaagent:") && javaFeature >= SINCE.getOrDefault(option, 0)) {
				options.add(option);
			}
		}
		options.add("-XX:MaxRAM=" + limit.group(1) + "m");
		Matcher arenas = ARENAS.matcher(dockerfile);
		return new ContainerJvm(options, arenas.find() ? Map.of("MALLOC_ARENA_MAX", arenas.group(1)) : Map.of());
	}

}
