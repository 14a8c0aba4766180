package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.o11ydemo.loadtest.gameday.AlertWatch;
import dev.o11ydemo.loadtest.gameday.Catalogue;
import dev.o11ydemo.loadtest.gameday.GameDay;
import dev.o11ydemo.loadtest.gameday.Scenario;
import dev.o11ydemo.loadtest.gameday.Scorecard;
import dev.o11ydemo.loadtest.gameday.ScorecardWriter;
import dev.o11ydemo.loadtest.gameday.Status;
import dev.o11ydemo.loadtest.gameday.SteadyTraffic;
import dev.o11ydemo.testsupport.Topology;

/**
 * Every alert of {@code prometheusrule.yaml} fires under its fault, reaches
 * Alertmanager's webhook and resolves after the reset, on a real Prometheus and
 * Alertmanager (the shared {@link MonitoredSuite}, durations divided by
 * {@link CiRules#SPEEDUP}). The faults are the shipped game day {@code full.yml}, run by
 * the same engine a user runs on their own cluster ({@code load-test/run.sh gameday}), so
 * the proof and the game day cannot drift apart. The alert list is read from the rule
 * file: an alert no test here proves fails the build, unless
 * {@code alerts-without-proof.txt} says why it cannot be caused here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsEndToEndTests {

	private static final Path ROOT = Topology.root();

	private static final Path FULL = ROOT.resolve("load-test/gamedays/full.yml");

	private static final Path REPORTS = Path.of("target/load-test-reports").toAbsolutePath();

	/** Alerts seen firing and then resolved, as alertname. */
	private static final Set<String> proven = ConcurrentHashMap.newKeySet();

	/** What may fire besides the game day's alerts, as alertname/service. */
	private static final Set<String> expected = ConcurrentHashMap.newKeySet();

	private static MonitoredSuite suite;

	private static Scenario full;

	@BeforeAll
	static void start() throws Exception {
		suite = MonitoredSuite.shared();
	}

	/**
	 * The shipped full game day, with steady traffic: nothing fires while it flows alone;
	 * then every service's drills at once and a busy node. Each expected alert is
	 * pending, firing and with Alertmanager within its deadline, and gone within its
	 * deadline of the undo; nothing fires that no step expects or allows; and each
	 * reached the webhook, firing and resolved. The scorecard is kept with the reports.
	 */
	@Test
	@Order(1)
	void theFullGameDayFiresEachExpectedAlertInTimeResolvesItAndNothingElse() throws Exception {
		SuitePlatform platform = new SuitePlatform(suite);
		full = Scenario.read(FULL, Catalogue.live(ROOT, platform));
		GameDay.requireSupported(full, platform, FULL, Set.of());
		AlertWatch watch = new AlertWatch("http://" + suite.prometheus.address(),
				"http://" + suite.alertmanager.address(), null);
		Scorecard scorecard;
		try (SteadyTraffic traffic = new SteadyTraffic(url("service-a"), url("service-b"), url("auth-service"),
				url("order-service"), 20)) {
			scorecard = new GameDay(full, platform, watch, CiRules.SPEEDUP, Duration.ofSeconds(1),
					Status.log(System.out), null, traffic, Set.of())
				.run();
		}
		finally {
			suite.startScraping("auth-service");
		}
		ScorecardWriter.write(scorecard, REPORTS.resolve("gameday-full"));
		String card = ScorecardWriter.markdown(scorecard);
		assertThat(scorecard.steps()).as(card).hasSize(full.steps().size());
		assertThat(scorecard.steps()).as(card)
			.allSatisfy((step) -> assertThat(step.passed()).as(step.track() + ": " + step.name()).isTrue());
		assertThat(scorecard.unexpected()).as(card).isEmpty();
		assertThat(scorecard.passed()).as(card).isTrue();
		for (Scenario.Step step : full.steps()) {
			for (Scenario.Expectation expectation : step.expect()) {
				assertThat(delivered(expectation, "firing")).as(expectation + " reached the webhook firing").isTrue();
				assertThat(delivered(expectation, "resolved")).as(expectation + " reached the webhook resolved")
					.isTrue();
				proven.add(expectation.alert());
			}
		}
	}

	/**
	 * A TLS endpoint whose certificate ends in 7 days, probed from outside: under the 14
	 * days' notice, so the alert fires; it resolves once the endpoint is no longer probed
	 * (its series go stale), as after a renewal its expiry would move beyond the notice.
	 */
	@Test
	@Order(2)
	void aCertificateEndingInAWeekFiresCertificateExpiringSoon() throws Exception {
		Path work = Files.createTempDirectory("tls-endpoint");
		try (TlsEndpoint endpoint = TlsEndpoint.start(work, 7)) {
			expect("CertificateExpiringSoon", endpoint.address());
			suite.startProbing("tls_handshake", endpoint.address());
			try {
				suite.await(Duration.ofSeconds(120), () -> fired("CertificateExpiringSoon", endpoint.address()));
				JsonNode expiry = suite.prometheus
					.query("probe_ssl_earliest_cert_expiry{instance=\"" + endpoint.address() + "\"}");
				assertThat(expiry.path(0).path("value").path(1).asDouble())
					.as("the end date the exporter read, against the certificate's own")
					.isEqualTo(endpoint.notAfter().getEpochSecond(), within(1.0));
			}
			finally {
				suite.stopProbing("tls_handshake", endpoint.address());
			}
			suite.await(Duration.ofSeconds(120), () -> resolved("CertificateExpiringSoon", endpoint.address()));
			proven.add("CertificateExpiringSoon");
		}
	}

	/**
	 * Last: every alert of the rule file was proven above or is listed with the reason it
	 * cannot be caused here, and nothing fired that no test caused.
	 */
	@Test
	@Order(3)
	void everyAlertOfTheRuleFileWasProvenHereOrSaysWhyNotAndNothingElseFired() throws Exception {
		Set<String> rules = Catalogue.alertsOf(ROOT.resolve(Catalogue.RULES));
		Map<String, String> withoutProof = withoutProof();
		assertThat(withoutProof).allSatisfy((alert, reason) -> assertThat(reason).as(alert).isNotBlank());
		assertThat(rules).as("alerts of prometheusrule.yaml").containsAll(withoutProof.keySet()).containsAll(proven);
		Set<String> unaccounted = new TreeSet<>(rules);
		unaccounted.removeAll(proven);
		unaccounted.removeAll(withoutProof.keySet());
		assertThat(unaccounted).as("alerts with neither a passing proof nor a reason").isEmpty();
		Set<String> both = new TreeSet<>(proven);
		both.retainAll(withoutProof.keySet());
		assertThat(both).as("proven, yet listed as impossible here").isEmpty();

		List<String> unexpected = new ArrayList<>();
		for (JsonNode alert : suite.webhook.alerts()) {
			String name = alert.path("labels").path("alertname").asString();
			String subject = AlertWatch.subject(alert.path("labels"));
			if (!expected.contains(name + "/" + subject) && (full == null || !full.accounts(name, subject))) {
				unexpected.add(name + "/" + subject);
			}
		}
		assertThat(unexpected).as("alerts no test caused").isEmpty();
	}

	/** {@code alerts-without-proof.txt}: alert, colon, why it cannot be caused here. */
	private static Map<String, String> withoutProof() throws IOException {
		Map<String, String> reasons = new TreeMap<>();
		try (InputStream in = AlertsEndToEndTests.class.getResourceAsStream("/alerts-without-proof.txt")) {
			assertThat(in).as("alerts-without-proof.txt").isNotNull();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					int colon = line.indexOf(':');
					reasons.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
				}
			}
		}
		return reasons;
	}

	private static void expect(String alert, String service) {
		expected.add(alert + "/" + service);
	}

	private static boolean fired(String alert, String service) {
		return delivered(alert, "firing", service);
	}

	private static boolean resolved(String alert, String service) {
		return delivered(alert, "resolved", service);
	}

	private static boolean delivered(String alert, String status, String service) {
		return suite.webhook.alerts()
			.stream()
			.anyMatch((delivered) -> delivered.path("labels").path("alertname").asString().equals(alert)
					&& delivered.path("status").asString().equals(status)
					&& AlertWatch.subject(delivered.path("labels")).equals(service));
	}

	/** Whether Alertmanager's webhook had the expected alert with this status. */
	private static boolean delivered(Scenario.Expectation expectation, String status) {
		return suite.webhook.alerts()
			.stream()
			.anyMatch((delivered) -> delivered.path("status").asString().equals(status)
					&& expectation.alert().equals(delivered.path("labels").path("alertname").asString())
					&& (expectation.service() == null
							|| expectation.service().equals(AlertWatch.subject(delivered.path("labels")))));
	}

	private static String url(String service) {
		return suite.services.get(service).url("");
	}

}
