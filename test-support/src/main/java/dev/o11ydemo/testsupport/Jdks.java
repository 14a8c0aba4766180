package dev.o11ydemo.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * JDKs installed on this machine, found by the {@code release} file every JDK carries
 * rather than by one vendor's path on one architecture: {@code JAVA<n>_HOME} or
 * {@code TEMURIN<n>_HOME} first (as {@code .ci/base-images.sh} reads it), then the JVM
 * running the tests, then the usual install folders.
 */
public final class Jdks {

	private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

	private static final List<Path> FOLDERS = List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/java"),
			Path.of("/usr/local/lib/jvm"), Path.of(System.getProperty("user.home"), ".sdkman/candidates/java"),
			Path.of(System.getProperty("user.home"), ".jdks"));

	private Jdks() {
	}

	/** The home of an installed JDK of feature release {@code feature}, if any. */
	public static Optional<Path> find(int feature) {
		List<Path> candidates = new ArrayList<>();
		for (String variable : List.of("JAVA" + feature + "_HOME", "TEMURIN" + feature + "_HOME")) {
			String home = System.getenv(variable);
			if (home != null && !home.isBlank()) {
				candidates.add(Path.of(home));
			}
		}
		candidates.add(Path.of(System.getProperty("java.home")));
		for (Path folder : FOLDERS) {
			if (Files.isDirectory(folder)) {
				try (Stream<Path> homes = Files.list(folder)) {
					homes.sorted().forEach(candidates::add);
				}
				catch (IOException ex) {
					// An unreadable folder holds no JDK we can use.
				}
			}
		}
		return candidates.stream().filter((home) -> feature(home) == feature).findFirst();
	}

	private static int feature(Path home) {
		Path release = home.resolve("release");
		if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
			return -1;
		}
		try {
			Matcher version = VERSION.matcher(Files.readString(release));
			return version.find() ? Integer.parseInt(version.group(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
