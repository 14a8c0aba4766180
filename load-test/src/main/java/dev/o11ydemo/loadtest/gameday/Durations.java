package dev.o11ydemo.loadtest.gameday;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Durations as Prometheus writes them: {@code 90s}, {@code 5m}, {@code 1h30m},
 * {@code 250ms}.
 */
final class Durations {

	private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:ms|s|m|h))+");

	private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

	private Durations() {
	}

	/** The duration, or null where the text is not one. */
	static @Nullable Duration parse(String text) {
		if (!WHOLE.matcher(text).matches()) {
			return null;
		}
		Duration total = Duration.ZERO;
		Matcher part = PART.matcher(text);
		while (part.find()) {
			long amount = Long.parseLong(part.group(1));
			total = total.plus(switch (part.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			});
		}
		return total;
	}

	/** As a person reads it: 45 s, 7 min 30 s, 1 h 5 min. */
	static String show(Duration duration) {
		long seconds = Math.round(duration.toMillis() / 1000.0);
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min" + ((seconds % 60 != 0) ? " " + (seconds % 60) + " s" : "");
		}
		return (seconds / 3600) + " h" + ((seconds % 3600 / 60 != 0) ? " " + (seconds % 3600 / 60) + " min" : "");
	}

}
