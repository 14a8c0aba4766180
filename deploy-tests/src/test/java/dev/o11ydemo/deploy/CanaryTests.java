package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canary component as k8s/overlays/eks-canary renders it: a Rollout per service that
 * runs its Deployment's pods, the autoscalers retargeted, the label that tells canary
 * from stable pods carried into the series, and an SLO gate that measures what the SLO
 * measures, with the alerts' thresholds. The objects satisfy Argo Rollouts' CRD types
 * ({@link RolloutsLint}, run by every load); what the gate's queries answer on a real
 * Prometheus is suite-tests' CanaryAnalysisTests.
 */
class CanaryTests {

	private static final Set<String> SERVICES = Manifests.suiteServices().keySet();

	private static final ObjectMapper json = new ObjectMapper();

	/** A selector of the SLI's series in a query, and its matchers. */
	private static final Pattern SELECTOR = Pattern
		.compile("(http_requests_total|http_request_duration_seconds_bucket)\\{([^}]*)}");

	private static final Pattern MATCHER = Pattern.compile("\\s*([a-z_]+)\\s*(=~|!~|!=|=)\\s*(\"[^\"]*\")\\s*,?");

	private static List<HasMetadata> objects;

	private static Map<String, JsonNode> rollouts;

	private static JsonNode gate;

	@BeforeAll
	static void render() throws Exception {
		objects = Manifests.load("overlays/eks-canary");
		rollouts = new TreeMap<>();
		for (GenericKubernetesResource object : Manifests.ofKind(objects, GenericKubernetesResource.class)) {
			JsonNode node = json.readTree(Manifests.serialization.asJson(object));
			if (object.getKind().equals("Rollout")) {
				rollouts.put(object.getMetadata().getName(), node);
			}
			else if (object.getKind().equals("AnalysisTemplate")) {
				gate = node;
			}
		}
	}

	@Test
	void eachServiceHasARolloutThatRunsItsDeploymentsPodsAndOnlyThose() {
		assertThat(rollouts.keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
		List<Deployment> deployments = Manifests.ofKind(objects, Deployment.class);
		for (Map.Entry<String, JsonNode> entry : rollouts.entrySet()) {
			JsonNode spec = entry.getValue().path("spec");
			assertThat(spec.path("workloadRef").path("apiVersion").asText()).isEqualTo("apps/v1");
			assertThat(spec.path("workloadRef").path("kind").asText()).isEqualTo("Deployment");
			assertThat(spec.path("workloadRef").path("name").asText()).isEqualTo(entry.getKey());
			// The template comes from the Deployment, the count from the autoscaler.
			assertThat(spec.has("template")).as(entry.getKey()).isFalse();
			assertThat(spec.has("replicas")).as(entry.getKey()).isFalse();
			Map<String, String> selector = json.convertValue(spec.path("selector").path("matchLabels"),
					json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
			assertThat(selector).isNotEmpty();
			for (Deployment deployment : deployments) {
				boolean selected = deployment.getSpec()
					.getTemplate()
					.getMetadata()
					.getLabels()
					.entrySet()
					.containsAll(selector.entrySet());
				assertThat(selected)
					.as("%s's selector on %s's pods", entry.getKey(), deployment.getMetadata().getName())
					.isEqualTo(deployment.getMetadata().getName().equals(entry.getKey()));
			}
		}
	}

	@Test
	void theDeploymentsKeepNoReplicaCountAndTheAutoscalersScaleTheRollouts() {
		assertThat(Manifests.ofKind(objects, Deployment.class)).allSatisfy(
				(deployment) -> assertThat(deployment.getSpec().getReplicas()).as(deployment.getMetadata().getName())
					.isNull());
		List<HorizontalPodAutoscaler> autoscalers = Manifests.ofKind(objects, HorizontalPodAutoscaler.class);
		assertThat(autoscalers).extracting((hpa) -> hpa.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(SERVICES);
		assertThat(autoscalers).allSatisfy((hpa) -> {
			assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo(RolloutsLint.API_VERSION);
			assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Rollout");
			assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(hpa.getMetadata().getName());
		});
	}

	@Test
	void canaryAndStablePodsCarryOneLabelWithTwoValuesThatTheServiceMonitorPutsIntoTheSeries() {
		ServiceMonitor monitor = Manifests.ofKind(objects, ServiceMonitor.class).get(0);
		for (JsonNode rollout : rollouts.values()) {
			JsonNode canary = rollout.path("spec").path("strategy").path("canary");
			Map<String, String> canaryLabels = labels(canary.path("canaryMetadata"));
			Map<String, String> stableLabels = labels(canary.path("stableMetadata"));
			assertThat(canaryLabels).hasSize(1);
			assertThat(stableLabels.keySet()).isEqualTo(canaryLabels.keySet());
			assertThat(stableLabels.values()).doesNotContainAnyElementsOf(canaryLabels.values());
			assertThat(monitor.getSpec().getPodTargetLabels()).containsAll(canaryLabels.keySet());
			// The gate's queries select the canary (and the stable pods) by that label.
			String label = canaryLabels.keySet().iterator().next();
			assertThat(queries())
				.allSatisfy((query) -> assertThat(query).contains(label + "=\"" + canaryLabels.get(label) + "\""));
		}
	}

	@Test
	void theRolloutsPassEveryArgumentTheGateNeedsAndNoOther() {
		Set<String> needed = new TreeSet<>();
		Set<String> known = new TreeSet<>();
		gate.path("spec").path("args").forEach((arg) -> {
			known.add(arg.path("name").asText());
			if (!arg.has("value") && !arg.has("valueFrom")) {
				needed.add(arg.path("name").asText());
			}
		});
		for (JsonNode rollout : rollouts.values()) {
			JsonNode analysis = rollout.path("spec").path("strategy").path("canary").path("analysis");
			assertThat(analysis.path("templates").findValuesAsText("templateName"))
				.containsExactly(gate.path("metadata").path("name").asText());
			Set<String> passed = new TreeSet<>(analysis.path("args").findValuesAsText("name"));
			assertThat(passed).containsAll(needed);
			assertThat(known).containsAll(passed);
		}
		// Every argument a query or address reads is declared.
		Matcher used = Pattern.compile("\\{\\{\\s*args\\.([a-z-]+)\\s*}}").matcher(gate.path("spec").toString());
		while (used.find()) {
			assertThat(known).contains(used.group(1));
		}
	}

	@Test
	void theGateMeasuresTheRequestsErrorsAndLatencyTheSloRecordingRulesMeasure() {
		Set<String> slo = new TreeSet<>();
		for (Rule record : rules()) {
			if (record.getRecord() != null && (record.getRecord().startsWith("application:http_requests_errors:")
					|| record.getRecord().startsWith("application:http_request_duration_seconds:p"))) {
				slo.addAll(selectors(record.getExpr().getStrVal(), Set.of()));
			}
		}
		Set<String> own = new TreeSet<>(Set.of("namespace", "application"));
		rollouts.values()
			.forEach((rollout) -> own
				.addAll(labels(rollout.path("spec").path("strategy").path("canary").path("canaryMetadata")).keySet()));
		Set<String> gated = new TreeSet<>();
		// An argument's braces read as the values they become.
		queries().forEach(
				(query) -> gated.addAll(selectors(query.replaceAll("\\{\\{\\s*args\\.([a-z-]+)\\s*}}", "<$1>"), own)));
		assertThat(slo).hasSize(3);
		assertThat(gated).isEqualTo(slo);
	}

	@Test
	void theGatesThresholdsAreTheFastBurnAlertsAndTheLatencyAlerts() {
		Map<String, Double> thresholds = new TreeMap<>();
		gate.path("spec").path("metrics").forEach((metric) -> {
			Matcher condition = Pattern.compile("result\\[0] <= ([0-9.]+)")
				.matcher(metric.path("successCondition").asText());
			assertThat(condition.matches()).as(metric.path("successCondition").asText()).isTrue();
			thresholds.put(metric.path("name").asText(), Double.parseDouble(condition.group(1)));
		});
		Matcher burn = Pattern.compile("ratio_rate5m > \\(([0-9.]+) \\* ([0-9.]+)\\)")
			.matcher(alert("SLOErrorBudgetBurnFast").getExpr().getStrVal());
		assertThat(burn.find()).isTrue();
		Matcher latency = Pattern.compile("p95_5m > ([0-9.]+)$").matcher(alert("HighLatencyP95").getExpr().getStrVal());
		assertThat(latency.find()).isTrue();
		assertThat(thresholds).containsOnlyKeys("added-error-ratio", "latency-p95");
		assertThat(thresholds.get("added-error-ratio")).isCloseTo(
				Double.parseDouble(burn.group(1)) * Double.parseDouble(burn.group(2)),
				org.assertj.core.data.Offset.offset(1e-12));
		assertThat(thresholds.get("latency-p95")).isEqualTo(Double.parseDouble(latency.group(1)));
	}

	@Test
	void aMisspelledRolloutFieldFailsTheSchemaCheck() throws Exception {
		Manifests.kubectl();
		Path broken = Manifests.workTree().resolve("combinations/misspelled-rollout");
		Files.createDirectories(broken);
		Files.writeString(broken.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				resources:
				  - ../../base
				components:
				  - ../../components/canary
				patches:
				  - target:
				      kind: Rollout
				      name: service-b
				    patch: |
				      - op: add
				        path: /spec/strategy/canary/canaryMetadat
				        value: {}
				  - target:
				      kind: AnalysisTemplate
				    patch: |
				      - op: add
				        path: /spec/metrics/0/successConditon
				        value: "result[0] < 1"
				""");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Manifests.load("combinations/misspelled-rollout"))
			.withMessageContaining("canaryMetadat")
			.withMessageContaining("successConditon");
	}

	private static Map<String, String> labels(JsonNode metadata) {
		Map<String, String> labels = new TreeMap<>();
		metadata.path("labels").properties().forEach((label) -> labels.put(label.getKey(), label.getValue().asText()));
		return labels;
	}

	private static List<String> queries() {
		return gate.path("spec").path("metrics").findValuesAsText("query");
	}

	private static List<Rule> rules() {
		List<Rule> rules = new ArrayList<>();
		Manifests.ofKind(objects, PrometheusRule.class)
			.forEach((rule) -> rule.getSpec().getGroups().forEach((group) -> rules.addAll(group.getRules())));
		return rules;
	}

	private static Rule alert(String name) {
		return rules().stream().filter((rule) -> name.equals(rule.getAlert())).findFirst().orElseThrow();
	}

	/**
	 * Each selector of the SLI's series in {@code query}, as "metric{matchers}" with its
	 * matchers sorted and those on {@code without} left out.
	 */
	private static Set<String> selectors(String query, Set<String> without) {
		Set<String> found = new TreeSet<>();
		Matcher selector = SELECTOR.matcher(query);
		while (selector.find()) {
			Set<String> matchers = new TreeSet<>();
			Matcher matcher = MATCHER.matcher(selector.group(2));
			int end = 0;
			while (matcher.lookingAt()) {
				if (!without.contains(matcher.group(1))) {
					matchers.add(matcher.group(1) + matcher.group(2) + matcher.group(3));
				}
				end = matcher.end();
				matcher.region(end, selector.group(2).length());
			}
			assertThat(end).as("matchers of " + selector.group()).isEqualTo(selector.group(2).length());
			found.add(selector.group(1) + matchers);
		}
		return found;
	}

}
