package dev.o11ydemo.loadtest.gameday;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.o11ydemo.loadtest.gameday.Scorecard.AlertSeen;
import dev.o11ydemo.loadtest.gameday.Scorecard.ExpectationResult;
import dev.o11ydemo.loadtest.gameday.Scorecard.StepResult;

/**
 * The scorecard's three forms say the same thing: the verdict, each expected alert's
 * figures against its deadlines, what was skipped and what fired unexpectedly.
 */
class ScorecardWriterTests {

	private static final Scorecard SCORECARD = new Scorecard(
			"drill <one>", "payments fail & service-b slows", "2026-12-06T06:00:00Z", 15, 120.5, List.of(
					new StepResult("faults", "payments", "every payment fails", 12, "fault payment-service", 0, 0.5, 40,
							80,
							List.of(new ExpectationResult("HighErrorRate", "payment-service", 36, 32, 2.9, 23.5, 23.5,
									20.7, "passed", true),
									new ExpectationResult("EndpointDown", "payment-service", 24, 20, null, null, null,
											null, "did not fire within 100 s", false)),
							List.of(), false, false),
					new StepResult("faults", "service-a", "service-a stops", 30, "stop service-a", 0, 0, 0, 0,
							List.of(), List.of(), true, true)),
			List.of(new AlertSeen("HighErrorRate", "payment-service", 3, 24.0, 24.4, 61.0),
					new AlertSeen("ServiceDown", "auth-service", 50, 70.0, 70.5, null)),
			List.of(new AlertSeen("ServiceDown", "auth-service", 50, 70.0, 70.5, null)), List.of(),
			Map.of("GET service-a /", Map.of("sent", 10L, "ok", 9L, "failed", 1L, "skipped", 0L)), false);

	@TempDir
	Path work;

	@Test
	void theMarkdownGivesTheVerdictEachFigureAgainstItsDeadlineAndTheUnexpected() {
		String markdown = ScorecardWriter.markdown(SCORECARD);
		assertThat(markdown).startsWith("# Game day: drill <one> — FAILED")
			.contains("durations 15× faster than production")
			.contains("| payments: every payment fails (line 12) | HighErrorRate (payment-service) | 2.9 s | 23.5 s "
					+ "| 23.5 s / 36 s | 20.7 s / 32 s | passed |")
			.contains("| EndpointDown (payment-service) | – | – | – / 24 s | – / 20 s | did not fire within 100 s |")
			.contains("| service-a: service-a stops (line 30) | | | | | | skipped: stop service-a |")
			.contains("Unexpected alerts: ServiceDown (auth-service).")
			.contains("| GET service-a / | 10 | 9 | 1 | 0 |");
	}

	@Test
	void thePageIsSelfContainedEscapedAndDrawsEachFaultAndAlert() {
		String html = ScorecardWriter.html(SCORECARD);
		assertThat(html).contains("<title>Game day: drill &lt;one&gt;</title>")
			.contains("payments fail &amp; service-b slows")
			.contains("<span class=\"verdict fail\">FAILED</span>")
			.contains("1 passed, 1 failed; unexpected: 1")
			.doesNotContain("<script")
			.doesNotContain("src=\"http")
			.doesNotContain("href=\"http");
		// One band per step, and a pending and a firing bar per alert seen.
		assertThat(html.split("<rect ", -1)).hasSize(1 + 2 + 2 * 2);
		assertThat(html).contains("fill=\"#e03131\"><title>ServiceDown (auth-service)");
		assertThat(html).contains("is skipped on this target");
	}

	@Test
	void theJsonHoldsEveryFigure() throws Exception {
		ScorecardWriter.write(SCORECARD, this.work);
		JsonNode json = JsonMapper.builder().build().readTree(this.work.resolve("scorecard.json").toFile());
		assertThat(json.path("passed").asBoolean()).isFalse();
		JsonNode failed = json.path("steps").path(0).path("expectations").path(1);
		assertThat(failed.path("alert").asString()).isEqualTo("EndpointDown");
		assertThat(failed.path("notified").isNull()).isTrue();
		assertThat(failed.path("verdict").asString()).isEqualTo("did not fire within 100 s");
		assertThat(json.path("steps").path(1).path("skipped").asBoolean()).isTrue();
		assertThat(Files.readString(this.work.resolve("scorecard.md"))).isEqualTo(ScorecardWriter.markdown(SCORECARD));
	}

}
