package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.Promtool;

/**
 * The alert rules as Prometheus runs them: the rendered PrometheusRule's spec is a rule
 * file (the same one docker compose loads), checked by {@code promtool check rules} and
 * unit-tested by {@code promtool test rules} with the cases in
 * k8s/components/monitoring/tests.
 */
class AlertRulesTests {

	private static final Path RULES = Manifests.ROOT.resolve("deploy-tests/target/rules");

	private static final Path TESTS = Manifests.ROOT.resolve("k8s/components/monitoring/tests");

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	private static PrometheusRule rule;

	@BeforeAll
	static void extract() throws Exception {
		rule = Manifests.ofKind(Manifests.load("overlays/eks"), PrometheusRule.class).get(0);
		Files.createDirectories(RULES);
		Files.writeString(RULES.resolve("o11y-demo.rules.yml"), Manifests.serialization.asYaml(rule.getSpec()));
		try (var tests = Files.list(TESTS)) {
			for (Path test : tests.toList()) {
				Files.copy(test, RULES.resolve(test.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	@Test
	void promtoolAcceptsTheRules() throws Exception {
		ExternalTool.Result result = Promtool.tool().run(null, RULES, "check", "rules", "o11y-demo.rules.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void everyAlertFiresWhereItShouldAndNowhereElse() throws Exception {
		ExternalTool.Result result = Promtool.tool().run(null, RULES, "test", "rules", "alerts.test.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void recordingRulesGiveTheRatiosAndQuantilesTheDashboardsRead() throws Exception {
		ExternalTool.Result result = Promtool.tool().run(null, RULES, "test", "rules", "records.test.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void onACentralServerHoldingSeveralClustersTheRulesKeepEachClusterApart() throws Exception {
		ExternalTool.Result result = Promtool.tool().run(null, RULES, "test", "rules", "clusters.test.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void everyAggregationAndJoinOfTheRulesKeepsTheClusterLabel() {
		List<String> grouping = new ArrayList<>();
		Matcher clause = Pattern.compile("\\b(?:by|on|ignoring|without)\\s*\\(([^)]*)\\)").matcher("");
		rule.getSpec().getGroups().stream().flatMap((group) -> group.getRules().stream()).forEach((candidate) -> {
			clause.reset(candidate.getExpr().getStrVal());
			while (clause.find()) {
				grouping.add(clause.group());
			}
		});
		assertThat(grouping).hasSizeGreaterThan(20)
			.allSatisfy((found) -> assertThat(found).as("a grouping without cluster merges clusters")
				.matches("(by|on) \\(cluster(, \\w+)*\\)"));
	}

	@Test
	void federationCarriesEveryRecordedSeries() throws Exception {
		ExternalTool.Result central = ExternalTool.require("bash", "apt-get install bash")
			.run(null, Manifests.ROOT, "scripts/prometheus-config.sh", "--central", "--federate", "east=east:9090");
		assertThat(central.exitCode()).as(central.output()).isZero();
		Matcher recorded = Pattern.compile("\\{__name__=~\"([^\"]+)\"}").matcher(central.output());
		assertThat(recorded.find()).as(central.output()).isTrue();
		List<String> records = rule.getSpec()
			.getGroups()
			.stream()
			.flatMap((group) -> group.getRules().stream())
			.filter((candidate) -> candidate.getRecord() != null)
			.map(Rule::getRecord)
			.toList();
		assertThat(records).isNotEmpty().allSatisfy((name) -> assertThat(name).matches(recorded.group(1)));
	}

	@Test
	void theRuleTestsCatchABrokenThreshold() throws Exception {
		Path broken = RULES.resolve("broken");
		Files.createDirectories(broken);
		String rules = Files.readString(RULES.resolve("o11y-demo.rules.yml"));
		assertThat(rules).contains("application:http_requests_errors:ratio_rate5m > 0.05");
		Files.writeString(broken.resolve("o11y-demo.rules.yml"),
				rules.replace("application:http_requests_errors:ratio_rate5m > 0.05",
						"application:http_requests_errors:ratio_rate5m > 0.5"));
		Files.copy(TESTS.resolve("alerts.test.yml"), broken.resolve("alerts.test.yml"),
				StandardCopyOption.REPLACE_EXISTING);
		ExternalTool.Result result = Promtool.tool().run(null, broken, "test", "rules", "alerts.test.yml");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("HighErrorRate");
	}

	@Test
	void everyAlertHasSeverityAnnotationsARunbookSectionAndAFiringTestCase() throws Exception {
		String runbooks = Files.readString(Manifests.ROOT.resolve("docs/runbooks.md"));
		Set<String> anchors = new TreeSet<>();
		runbooks.lines()
			.filter((line) -> line.startsWith("## "))
			.forEach((line) -> anchors.add(line.substring(3).trim().toLowerCase(Locale.ROOT)));
		Set<String> tested = firingTestCases();
		List<Rule> alerts = rule.getSpec()
			.getGroups()
			.stream()
			.flatMap((group) -> group.getRules().stream())
			.filter((candidate) -> candidate.getAlert() != null)
			.toList();
		assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
		for (Rule alert : alerts) {
			String name = alert.getAlert();
			assertThat(alert.getLabels()).as(name).containsKey("severity");
			assertThat(alert.getLabels().get("severity")).as(name).isIn("critical", "warning");
			assertThat(alert.getAnnotations()).as(name).containsKeys("summary", "description", "runbook_url");
			String anchor = alert.getAnnotations().get("runbook_url").replaceAll(".*#", "");
			assertThat(anchors).as("runbook section for %s", name).contains(anchor);
			assertThat(tested).as("a promtool case where %s fires", name).contains(name);
		}
	}

	@Test
	void theAlertsThatNameEachServiceNameExactlyTheSuitesServices() {
		Set<String> services = Manifests.suiteServices().keySet();
		Matcher down = Pattern.compile("job=~\"([^\"]+)\"").matcher(expression("ServiceDown"));
		assertThat(down.find()).isTrue();
		assertThat(new TreeSet<>(List.of(down.group(1).split("\\|")))).isEqualTo(services);
		Set<String> absent = new TreeSet<>();
		Matcher jobs = Pattern.compile("absent\\(up\\{job=\"([^\"]+)\"}\\)").matcher(expression("ServiceAbsent"));
		while (jobs.find()) {
			absent.add(jobs.group(1));
		}
		assertThat(absent).isEqualTo(services);
		Set<String> absentPerCluster = new TreeSet<>();
		Matcher perCluster = Pattern.compile(
				"label_replace\\(group by \\(cluster\\) \\(up\\) unless on \\(cluster\\) up\\{job=\"([^\"]+)\"}, \"job\", \"\\1\", \"\", \"\"\\)")
			.matcher(expression("ServiceAbsent"));
		while (perCluster.find()) {
			absentPerCluster.add(perCluster.group(1));
		}
		assertThat(absentPerCluster).isEqualTo(services);
	}

	private static String expression(String alert) {
		return rule.getSpec()
			.getGroups()
			.stream()
			.flatMap((group) -> group.getRules().stream())
			.filter((candidate) -> alert.equals(candidate.getAlert()))
			.map((candidate) -> candidate.getExpr().getStrVal())
			.findFirst()
			.orElseThrow();
	}

	private static Set<String> firingTestCases() throws Exception {
		JsonNode tests = yaml.readTree(TESTS.resolve("alerts.test.yml").toFile());
		Set<String> firing = new TreeSet<>();
		for (JsonNode test : tests.get("tests")) {
			for (JsonNode check : test.path("alert_rule_test")) {
				if (check.path("exp_alerts").size() > 0) {
					firing.add(check.path("alertname").asText());
				}
			}
		}
		return firing;
	}

}
