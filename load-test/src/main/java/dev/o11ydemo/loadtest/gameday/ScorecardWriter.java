package dev.o11ydemo.loadtest.gameday;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.loadtest.gameday.Scorecard.AlertSeen;
import dev.o11ydemo.loadtest.gameday.Scorecard.ExpectationResult;
import dev.o11ydemo.loadtest.gameday.Scorecard.StepResult;

/**
 * Writes a scorecard three ways: {@code scorecard.json} for tools, {@code scorecard.md}
 * for a ticket or a chat, and {@code scorecard.html}, one self-contained page with a
 * timeline (faults as bands, alerts as bars) for a person.
 */
public final class ScorecardWriter {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int LABEL = 280;

	private static final int CHART = 900;

	private static final int ROW = 26;

	private ScorecardWriter() {
	}

	/** Writes the three files into {@code directory}, creating it. */
	public static void write(Scorecard scorecard, Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("scorecard.json"),
				json.writerWithDefaultPrettyPrinter().writeValueAsString(scorecard));
		Files.writeString(directory.resolve("scorecard.md"), markdown(scorecard));
		Files.writeString(directory.resolve("scorecard.html"), html(scorecard));
	}

	public static String markdown(Scorecard scorecard) {
		StringBuilder md = new StringBuilder();
		md.append("# Game day: ")
			.append(scorecard.scenario())
			.append(" — ")
			.append(scorecard.passed() ? "PASSED" : "FAILED")
			.append("\n\n");
		md.append(scorecard.summary()).append("\n\n");
		md.append("Started ").append(scorecard.started()).append(", took ").append(seconds(scorecard.seconds()));
		if (scorecard.speed() != 1) {
			md.append(", durations ").append(number(scorecard.speed())).append("× faster than production");
		}
		md.append(".\n\n");
		md.append("| step | alert | pending | firing | notified | resolved after undo | verdict |\n");
		md.append("|---|---|---:|---:|---:|---:|---|\n");
		for (StepResult step : scorecard.steps()) {
			String name = step.track() + ": " + step.name() + " (line " + step.line() + ")";
			if (step.skipped()) {
				md.append("| ").append(name).append(" | | | | | | skipped: ").append(step.action()).append(" |\n");
				continue;
			}
			if (step.expectations().isEmpty()) {
				md.append("| ")
					.append(name)
					.append(" | (none expected) | | | | | ")
					.append(step.passed() ? "passed" : String.join("; ", step.errors()))
					.append(" |\n");
			}
			for (ExpectationResult expectation : step.expectations()) {
				md.append("| ")
					.append(name)
					.append(" | ")
					.append(alert(expectation))
					.append(" | ")
					.append(figure(expectation.pending()))
					.append(" | ")
					.append(figure(expectation.firing()))
					.append(" | ")
					.append(figure(expectation.notified()))
					.append(" / ")
					.append(seconds(expectation.fireWithin()))
					.append(" | ")
					.append(figure(expectation.resolved()))
					.append(" / ")
					.append(seconds(expectation.resolveWithin()))
					.append(" | ")
					.append(expectation.verdict())
					.append(" |\n");
			}
			if (!step.expectations().isEmpty() && !step.errors().isEmpty()) {
				md.append("| ")
					.append(name)
					.append(" | | | | | | ")
					.append(String.join("; ", step.errors()))
					.append(" |\n");
			}
		}
		md.append("\nUnexpected alerts: ");
		md.append(scorecard.unexpected().isEmpty() ? "none" : String.join(", ",
				scorecard.unexpected().stream().map((seen) -> seen.alert() + " (" + seen.subject() + ")").toList()));
		md.append(".\n");
		if (!scorecard.atStart().isEmpty()) {
			md.append("\nAlready active at the start (left out of the verdict): ")
				.append(String.join(", ",
						scorecard.atStart()
							.stream()
							.map((seen) -> seen.alert() + " (" + seen.subject() + ")")
							.toList()))
				.append(".\n");
		}
		if (!scorecard.traffic().isEmpty()) {
			md.append(
					"\n| steady traffic | sent | ok | failed | not sent (too many in flight) |\n|---|---:|---:|---:|---:|\n");
			scorecard.traffic()
				.forEach((route, counts) -> md.append("| ")
					.append(route)
					.append(" | ")
					.append(counts.get("sent"))
					.append(" | ")
					.append(counts.get("ok"))
					.append(" | ")
					.append(counts.get("failed"))
					.append(" | ")
					.append(counts.get("skipped"))
					.append(" |\n"));
		}
		return md.toString();
	}

	public static String html(Scorecard scorecard) {
		StringBuilder page = new StringBuilder();
		page.append(
				"""
						<!doctype html>
						<html lang="en"><head><meta charset="utf-8">
						<title>Game day: %s</title>
						<style>
						body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fff}
						h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
						.verdict{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600;margin-left:8px}
						.pass{background:#2f9e44}.fail{background:#e03131}.muted{color:#5c6370}
						table{border-collapse:collapse;margin-top:4px}td,th{padding:4px 10px;border-bottom:1px solid #e3e6ea;text-align:left}
						th{font-weight:600;background:#f5f6f8}td{vertical-align:top}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
						td.bad{color:#e03131;font-weight:600}td.good{color:#2f9e44}
						svg text{font:12px system-ui,sans-serif;fill:#1d2330}
						.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 14px;vertical-align:-1px;border-radius:2px}
						</style></head><body>
						"""
					.formatted(escape(scorecard.scenario())));
		page.append("<h1>Game day: ")
			.append(escape(scorecard.scenario()))
			.append(scorecard.passed() ? "<span class=\"verdict pass\">PASSED</span>"
					: "<span class=\"verdict fail\">FAILED</span>")
			.append("</h1>\n<p>")
			.append(escape(scorecard.summary()))
			.append("</p>\n<p class=\"muted\">Started ")
			.append(escape(scorecard.started()))
			.append(", took ")
			.append(seconds(scorecard.seconds()));
		if (scorecard.speed() != 1) {
			page.append(", durations ").append(number(scorecard.speed())).append("× faster than production");
		}
		page.append(". Expected alerts: ")
			.append(count(scorecard, true))
			.append(" passed, ")
			.append(count(scorecard, false))
			.append(" failed; unexpected: ")
			.append(scorecard.unexpected().size())
			.append(".</p>\n<h2>Timeline</h2>\n")
			.append(timeline(scorecard));
		page.append("<p class=\"legend muted\"><span style=\"background:#f4a261\"></span>fault held"
				+ "<span style=\"background:#a5d8ff\"></span>pending<span style=\"background:#1c7ed6\"></span>"
				+ "firing, expected<span style=\"background:#adb5bd\"></span>firing, allowed"
				+ "<span style=\"background:#e03131\"></span>firing, unexpected &#9670; Alertmanager has it</p>\n");
		page.append("<h2>Expected alerts</h2>\n<table><tr><th>step</th><th>alert</th><th>pending</th><th>firing</th>"
				+ "<th>notified / deadline</th><th>resolved after undo / deadline</th><th>verdict</th></tr>\n");
		for (StepResult step : scorecard.steps()) {
			String name = escape(step.track() + ": " + step.name()) + " <span class=\"muted\">line " + step.line()
					+ "</span>";
			List<String> cells = new ArrayList<>();
			for (ExpectationResult expectation : step.expectations()) {
				cells.add("<td>" + escape(alert(expectation)) + "</td><td class=\"n\">" + figure(expectation.pending())
						+ "</td><td class=\"n\">" + figure(expectation.firing()) + "</td><td class=\"n\">"
						+ figure(expectation.notified()) + " / " + seconds(expectation.fireWithin())
						+ "</td><td class=\"n\">" + figure(expectation.resolved()) + " / "
						+ seconds(expectation.resolveWithin()) + "</td><td class=\""
						+ (expectation.passed() ? "good" : "bad") + "\">" + escape(expectation.verdict()) + "</td>");
			}
			if (step.skipped()) {
				cells.add("<td class=\"muted\">skipped</td><td></td><td></td><td></td><td></td><td class=\"muted\">"
						+ escape(step.action()) + " is skipped on this target</td>");
			}
			else if (cells.isEmpty() || !step.errors().isEmpty()) {
				cells.add("<td class=\"muted\">" + (cells.isEmpty() ? "none expected" : "") + "</td><td></td><td></td>"
						+ "<td></td><td></td><td class=\"" + (step.passed() ? "good\">passed" : "bad\">")
						+ escape(String.join("; ", step.errors())) + "</td>");
			}
			for (int index = 0; index < cells.size(); index++) {
				page.append("<tr>")
					.append((index == 0) ? "<td rowspan=\"" + cells.size() + "\">" + name + "</td>" : "")
					.append(cells.get(index))
					.append("</tr>\n");
			}
		}
		page.append("</table>\n<h2>Unexpected alerts</h2>\n");
		page.append(
				scorecard.unexpected().isEmpty() ? "<p>None.</p>\n"
						: "<ul>" + String.join("", scorecard.unexpected()
							.stream()
							.map((seen) -> "<li class=\"bad\">" + escape(seen.alert() + " (" + seen.subject() + ")")
									+ ", pending at " + seconds(seen.pending()) + "</li>")
							.toList()) + "</ul>\n");
		if (!scorecard.atStart().isEmpty()) {
			page.append("<p class=\"muted\">Already active at the start, left out of the verdict: ")
				.append(escape(String.join(", ",
						scorecard.atStart()
							.stream()
							.map((seen) -> seen.alert() + " (" + seen.subject() + ")")
							.toList())))
				.append(".</p>\n");
		}
		if (!scorecard.traffic().isEmpty()) {
			page.append("<h2>Steady traffic</h2>\n<table><tr><th>route</th><th>sent</th><th>ok</th><th>failed</th>"
					+ "<th>not sent</th></tr>\n");
			scorecard.traffic()
				.forEach((route, counts) -> page.append("<tr><td>")
					.append(escape(route))
					.append("</td><td class=\"n\">")
					.append(counts.get("sent"))
					.append("</td><td class=\"n\">")
					.append(counts.get("ok"))
					.append("</td><td class=\"n\">")
					.append(counts.get("failed"))
					.append("</td><td class=\"n\">")
					.append(counts.get("skipped"))
					.append("</td></tr>\n"));
			page.append("</table>\n");
		}
		return page.append("</body></html>\n").toString();
	}

	/**
	 * Faults as bands, one row per track; alerts as bars, one row per alert and subject.
	 */
	private static String timeline(Scorecard scorecard) {
		double end = Math.max(1, scorecard.seconds());
		Map<String, List<StepResult>> tracks = new LinkedHashMap<>();
		scorecard.steps()
			.forEach((step) -> tracks.computeIfAbsent(step.track(), (name) -> new ArrayList<>()).add(step));
		Map<String, List<AlertSeen>> alerts = new LinkedHashMap<>();
		scorecard.alerts()
			.forEach((seen) -> alerts
				.computeIfAbsent(seen.alert() + " (" + seen.subject() + ")", (name) -> new ArrayList<>())
				.add(seen));
		int rows = tracks.size() + alerts.size();
		int height = 30 + rows * ROW + 8;
		StringBuilder svg = new StringBuilder();
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
			.append(LABEL + CHART + 20)
			.append("\" height=\"")
			.append(height)
			.append("\" role=\"img\" aria-label=\"timeline\">\n");
		double tick = tick(end);
		for (double at = 0; at <= end; at += tick) {
			double x = LABEL + at / end * CHART;
			svg.append("<line x1=\"%.1f\" x2=\"%.1f\" y1=\"18\" y2=\"%d\" stroke=\"#e3e6ea\"/>".formatted(x, x,
					height - 8))
				.append("<text x=\"%.1f\" y=\"12\" text-anchor=\"middle\" fill=\"#5c6370\">%s</text>\n".formatted(x,
						clock(at)));
		}
		int row = 0;
		for (Map.Entry<String, List<StepResult>> track : tracks.entrySet()) {
			int y = 24 + row++ * ROW;
			svg.append(label(y, "track " + track.getKey(), true));
			for (StepResult step : track.getValue()) {
				double x1 = LABEL + step.start() / end * CHART;
				double x2 = LABEL + step.undone() / end * CHART;
				svg.append(
						"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\" stroke=\"%s\"><title>%s</title></rect>\n"
							.formatted(x1, y + 3, Math.max(2, x2 - x1), ROW - 8,
									(step.action().equals("steady traffic")) ? "#e9ecef" : "#f4a261",
									step.passed() ? "#f4a261" : "#e03131", escape(step.name() + ": " + step.action())));
				double x3 = LABEL + step.end() / end * CHART;
				svg.append(
						"<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#f4a261\" stroke-dasharray=\"3 3\"/>\n"
							.formatted(x2, x3, y + ROW / 2, y + ROW / 2));
			}
		}
		for (Map.Entry<String, List<AlertSeen>> alert : alerts.entrySet()) {
			int y = 24 + row++ * ROW;
			svg.append(label(y, alert.getKey(), false));
			for (AlertSeen seen : alert.getValue()) {
				String colour = colour(scorecard, seen);
				double stop = (seen.ended() != null) ? seen.ended() : end;
				double firing = (seen.firing() != null) ? seen.firing() : stop;
				double x1 = LABEL + seen.pending() / end * CHART;
				double x2 = LABEL + firing / end * CHART;
				double x3 = LABEL + stop / end * CHART;
				String title = escape(alert.getKey()) + ": pending " + clock(seen.pending())
						+ ((seen.firing() != null) ? ", firing " + clock(seen.firing()) : "")
						+ ((seen.ended() != null) ? ", gone " + clock(seen.ended()) : "");
				svg.append(
						"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#a5d8ff\"><title>%s</title></rect>"
							.formatted(x1, y + 5, Math.max(1.5, x2 - x1), ROW - 12, title));
				if (seen.firing() != null) {
					svg.append(
							"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>"
								.formatted(x2, y + 5, Math.max(1.5, x3 - x2), ROW - 12, colour, title));
				}
				if (seen.notified() != null) {
					double x = LABEL + seen.notified() / end * CHART;
					svg.append("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#1d2330\">&#9670;</text>"
						.formatted(x, y + ROW - 8));
				}
				svg.append('\n');
			}
		}
		return svg.append("</svg>\n").toString();
	}

	private static String colour(Scorecard scorecard, AlertSeen seen) {
		if (scorecard.unexpected().contains(seen)) {
			return "#e03131";
		}
		boolean expected = scorecard.steps()
			.stream()
			.flatMap((step) -> step.expectations().stream())
			.anyMatch((expectation) -> expectation.alert().equals(seen.alert())
					&& (expectation.service() == null || expectation.service().equals(seen.subject())));
		return expected ? "#1c7ed6" : "#adb5bd";
	}

	private static String label(int y, String text, boolean bold) {
		return "<text x=\"%d\" y=\"%d\"%s>%s</text>\n".formatted(LABEL - 10, y + ROW / 2 + 4,
				" text-anchor=\"end\"" + (bold ? " font-weight=\"600\"" : ""), escape(text));
	}

	/** A tick spacing giving about eight to twelve ticks. */
	private static double tick(double end) {
		for (double step : new double[] { 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600 }) {
			if (end / step <= 12) {
				return step;
			}
		}
		return 7200;
	}

	private static String clock(double seconds) {
		long whole = Math.round(seconds);
		return (whole / 60) + ":" + String.format(Locale.ROOT, "%02d", whole % 60);
	}

	private static long count(Scorecard scorecard, boolean passed) {
		return scorecard.steps()
			.stream()
			.flatMap((step) -> step.expectations().stream())
			.filter((expectation) -> expectation.passed() == passed)
			.count();
	}

	private static String alert(ExpectationResult expectation) {
		return expectation.alert() + ((expectation.service() != null) ? " (" + expectation.service() + ")" : "");
	}

	private static String figure(@Nullable Double seconds) {
		return (seconds != null) ? seconds(seconds) : "–";
	}

	private static String seconds(double seconds) {
		return number(seconds) + " s";
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
