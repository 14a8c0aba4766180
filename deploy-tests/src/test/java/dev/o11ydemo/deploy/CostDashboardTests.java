package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.Promtool;

/**
 * The cost dashboard's arithmetic, on the real Prometheus engine: {@code promtool test
 * rules} feeds known requests and usage of two services (three pods) and evaluates the
 * panels' own queries, read from cost.json with its variables set, against figures worked
 * out by hand.
 */
class CostDashboardTests {

	private static final ObjectMapper json = new ObjectMapper();

	/** Prices whose products are exact in binary, so the expected figures are too. */
	private static final Map<String, String> VARIABLES = Map.of("$cluster", ".*", "$namespace", ".*",
			"$vcpu_hour_price", "0.5", "$gib_hour_price", "0.25");

	private static final String SERIES = """
			  - series: kube_pod_container_resource_requests{namespace="o11y-demo", pod="%1$s", container="app", resource="cpu", unit="core"}
			    values: '%2$sx30'
			  - series: kube_pod_container_resource_requests{namespace="o11y-demo", pod="%1$s", container="app", resource="memory", unit="byte"}
			    values: '%3$sx30'
			  - series: kube_pod_labels{namespace="o11y-demo", pod="%1$s", label_app_kubernetes_io_name="%4$s", label_team="%5$s", label_cost_center="o11y-demo"}
			    values: '1x30'
			  - series: container_cpu_usage_seconds_total{namespace="o11y-demo", pod="%1$s", container="app"}
			    values: '0+%6$sx30'
			  - series: container_memory_working_set_bytes{namespace="o11y-demo", pod="%1$s", container="app"}
			    values: '%7$sx30'
			""";

	private static final long GIB = 1L << 30;

	@Test
	void costIsRequestsAndUsageAtThePricesForAMonthPerServiceTeamAndNamespace(@TempDir Path work) throws Exception {
		// service-b: two pods requesting 0.5 CPU and 1 GiB each, using 0.25 CPU (15
		// CPU-seconds
		// a minute) and 0.5 GiB. payment-service: one pod requesting 0.25 CPU and 0.5
		// GiB,
		// using 0.05 CPU and 0.25 GiB.
		StringBuilder input = new StringBuilder();
		for (String pod : List.of("service-b-1", "service-b-2")) {
			input.append(SERIES.formatted(pod, "0.5", GIB, "service-b", "sre-demo", "15", GIB / 2));
		}
		input.append(
				SERIES.formatted("payment-service-1", "0.25", GIB / 2, "payment-service", "payments", "3", GIB / 4));
		String service = "'{namespace=\"o11y-demo\", label_app_kubernetes_io_name=\"%s\", label_team=\"%s\", label_cost_center=\"o11y-demo\"}'";
		String serviceB = service.formatted("service-b", "sre-demo");
		String payment = service.formatted("payment-service", "payments");
		List<String> cases = new ArrayList<>();
		// A month of requests: 2 x (0.5 x 0.5 + 1 x 0.25) x 730 h and 0.25 x 0.5 + 0.5 x
		// 0.25 = 0.25, x 730.
		cases.add(check(query("Cost per service", "E"), Map.of(serviceB, 730_000, payment, 182_500)));
		// A month of usage: 2 x (0.25 x 0.5 + 0.5 x 0.25) x 730 and (0.05 x 0.5 + 0.25 x
		// 0.25) x 730.
		cases.add(check(query("Cost per service", "F"), Map.of(serviceB, 365_000, payment, 63_875)));
		// Idle CPU: 1 - 0.5 / 1 and 1 - 0.05 / 0.25.
		cases.add(check(query("Cost per service", "G"), Map.of(serviceB, 500, payment, 800)));
		// Idle memory: 1 - 1 / 2 and 1 - 0.25 / 0.5.
		cases.add(check(query("Cost per service", "H"), Map.of(serviceB, 500, payment, 500)));
		cases.add(check(query("Monthly cost of what is requested", "A"), Map.of("'{}'", 912_500)));
		cases.add(check(query("Monthly cost of what is used", "A"), Map.of("'{}'", 428_875)));
		// 1 - 0.55 / 1.25 of the CPU, 1 - 1.25 / 2.5 of the memory.
		cases.add(check(query("Idle CPU (requested, not used)", "A"), Map.of("'{}'", 560)));
		cases.add(check(query("Idle memory (requested, not used)", "A"), Map.of("'{}'", 500)));
		cases.add(check(query("Monthly cost of requests per namespace", "A"),
				Map.of("'{namespace=\"o11y-demo\"}'", 912_500)));
		cases.add(check(query("Monthly cost of requests per team", "A"),
				Map.of("'{label_team=\"sre-demo\"}'", 730_000, "'{label_team=\"payments\"}'", 182_500)));
		Files.writeString(work.resolve("empty.rules.yml"), "groups: []\n");
		Files.writeString(work.resolve("cost.test.yml"), """
				rule_files: [empty.rules.yml]
				evaluation_interval: 1m
				tests:
				- interval: 1m
				  input_series:
				%s  promql_expr_test:
				%s""".formatted(input, String.join("", cases)));
		ExternalTool.Result result = Promtool.tool().run(null, work, "test", "rules", "cost.test.yml");
		assertThat(result.exitCode()).as(result.output() + Files.readString(work.resolve("cost.test.yml"))).isZero();
	}

	@Test
	void theDefaultPricesSplitAT3LargesOnDemandPriceBetweenItsTwoVcpusAndEightGib() throws Exception {
		BigDecimal hourly = new BigDecimal("0.0912");
		Map<String, JsonNode> variables = new java.util.TreeMap<>();
		cost().path("templating")
			.path("list")
			.forEach((variable) -> variables.put(variable.path("name").asText(), variable));
		assertThat(new BigDecimal(variables.get("vcpu_hour_price").path("query").asText()))
			.isEqualByComparingTo(hourly.divide(BigDecimal.valueOf(2 * 2)));
		assertThat(new BigDecimal(variables.get("gib_hour_price").path("query").asText()))
			.isEqualByComparingTo(hourly.divide(BigDecimal.valueOf(2 * 8)));
		assertThat(variables.get("vcpu_hour_price").path("description").asText()).contains("t3.large", "$0.0912");
		// The node type the cluster runs, in the region it runs in.
		String cluster = Files.readString(Manifests.ROOT.resolve("k8s/platform/cluster.yaml"));
		assertThat(cluster).contains("instanceType: t3.large").contains("region: eu-west-1");
		assertThat(variables.get("gib_hour_price").path("description").asText()).contains("eu-west-1");
	}

	/**
	 * One expected figure per series, to a thousandth (the queries' own rounding aside).
	 */
	private static String check(String expr, Map<String, Integer> thousandths) {
		StringBuilder samples = new StringBuilder();
		thousandths.forEach((labels, value) -> samples.append("""
				    - labels: %s
				      value: %d
				""".formatted(labels, value)));
		return """
				  - expr: 'round(1000 * (%s))'
				    eval_time: 20m
				    exp_samples:
				%s""".formatted(expr.replace("'", "''"), samples);
	}

	/** A panel's query from cost.json, with the dashboard's variables set. */
	private static String query(String title, String refId) throws Exception {
		for (JsonNode panel : cost().path("panels")) {
			if (panel.path("title").asText().equals(title)) {
				for (JsonNode target : panel.path("targets")) {
					if (target.path("refId").asText().equals(refId)) {
						String expr = target.path("expr").asText();
						for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
							expr = expr.replace(variable.getKey(), variable.getValue());
						}
						assertThat(expr).doesNotContain("$");
						return expr;
					}
				}
			}
		}
		throw new AssertionError("cost.json has no panel " + title + " with query " + refId);
	}

	private static JsonNode cost() throws Exception {
		return json.readTree(DashboardsTests.DASHBOARDS.resolve("cost.json").toFile());
	}

}
