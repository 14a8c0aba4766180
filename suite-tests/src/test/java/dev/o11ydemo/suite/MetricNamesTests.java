package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.PromQl;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.Topology;

/**
 * Every metric the alert rules query is one the services really export: all five run with
 * the agent, get traffic on every route that creates a metric, and are scraped. A renamed
 * metric or a typo in a rule fails here instead of leaving an alert that can never fire.
 * (The dashboards' queries are run for real in DashboardsEndToEndTests.)
 */
class MetricNamesTests {

	private static final Path MONITORING = Topology.root().resolve("k8s/components/monitoring");

	/**
	 * Metrics of the platform (kubelet/cAdvisor, kube-state-metrics, node-exporter, the
	 * blackbox exporter, Prometheus itself). The probes' are queried for real by the
	 * dashboard and alert proofs.
	 */
	private static final Pattern PLATFORM = Pattern.compile("up|container_.*|kube_.*|node_.*|probe_.*");

	private static final Set<String> exported = new TreeSet<>();

	@BeforeAll
	static void scrapeAfterTraffic() throws Exception {
		SuiteServices suite = SuiteServices.shared();
		suite.serviceA.get("/call-service-b");
		suite.serviceA.get("/example");
		String token = SuiteClient.login(suite.auth);
		assertThat(Http
			.postJson(suite.order.url("/order"),
					"{\"item\":\"book\",\"quantity\":1,\"amount\":9.90,\"currency\":\"EUR\"}", token, null)
			.statusCode()).isEqualTo(201);
		for (ServiceProcess service : suite.all()) {
			Scrape.parse(service.get("/metrics").body()).samples().forEach((sample) -> exported.add(sample.name()));
		}
	}

	@Test
	void alertRulesQueryOnlyExportedMetrics() throws Exception {
		Set<String> recorded = recordingRules();
		List<String> unknown = new ArrayList<>();
		for (JsonNode rule : rules()) {
			for (String metric : PromQl.metricNames(rule.path("expr").asString())) {
				if (!exported.contains(metric) && !recorded.contains(metric) && !PLATFORM.matcher(metric).matches()) {
					unknown.add(rule.path("alert").asString(rule.path("record").asString()) + ": " + metric);
				}
			}
		}
		assertThat(unknown).isEmpty();
	}

	private static List<JsonNode> rules() throws Exception {
		JsonNode rule = YAMLMapper.builder().build().readTree(MONITORING.resolve("prometheusrule.yaml").toFile());
		List<JsonNode> rules = new ArrayList<>();
		rule.path("spec").path("groups").forEach((group) -> group.path("rules").forEach(rules::add));
		return rules;
	}

	private static Set<String> recordingRules() throws Exception {
		Set<String> names = new TreeSet<>();
		rules().forEach((rule) -> {
			if (rule.has("record")) {
				names.add(rule.path("record").asString());
			}
		});
		return names;
	}

}
