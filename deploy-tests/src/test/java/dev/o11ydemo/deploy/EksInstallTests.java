package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.openshift.api.model.monitoring.v1.Probe;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.fabric8.openshift.api.model.monitoring.v1.RelabelConfig;
import io.fabric8.openshift.api.model.monitoring.v1.RemoteWriteSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.o11ydemo.testsupport.ExternalTool;

/**
 * The EKS install without a cluster: install.sh and uninstall.sh as printed by their dry
 * runs (every command, in order), the eksctl cluster definition, and the names the
 * platform's pieces use to find each other. The charts' own values were checked by hand
 * against the versions charts.sh pins (docs/eks.md); a real install needs a cluster.
 */
class EksInstallTests {

	private static final Path PLATFORM = Manifests.ROOT.resolve("k8s/platform");

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	private static final String SECRET = "marker-that-must-not-be-printed";

	private static final Pattern HELM_INSTALL = Pattern
		.compile("(?m)^helm upgrade --install (\\S+) (\\S+) -n (\\S+) .*$");

	@Test
	void installPrintsEveryCommandInTheOrderThatWorksTheFirstTimeAndNoSecret(@TempDir Path work) throws Exception {
		Path platform = copyPlatform(work, Map.of("ES_HOST", ""));
		ExternalTool.Result dryRun = script(platform, "install.sh", "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		String output = dryRun.output();
		assertThat(output).doesNotContain(SECRET).contains("--from-literal=admin-password=<hidden>");
		List<String> order = List.of("helm repo update",
				"kubectl -n kube-system get serviceaccount aws-load-balancer-controller",
				"aws eks describe-cluster --name o11y-demo --region eu-west-1",
				"helm upgrade --install aws-load-balancer-controller eks/aws-load-balancer-controller",
				"kubectl apply -f " + platform.resolve("storageclass.yaml"),
				"kubectl get apiservice v1beta1.metrics.k8s.io",
				"helm upgrade --install metrics-server metrics-server/metrics-server",
				"create secret generic grafana-admin",
				"helm upgrade --install monitoring prometheus-community/kube-prometheus-stack",
				"crd/servicemonitors.monitoring.coreos.com", "crd/prometheusrules.monitoring.coreos.com",
				"crd/alertmanagerconfigs.monitoring.coreos.com", "crd/probes.monitoring.coreos.com",
				"create secret generic blackbox-modules --from-file=blackbox.yaml="
						+ platform.resolve("../components/monitoring/blackbox/modules.yml"),
				"helm upgrade --install prometheus-blackbox-exporter prometheus-community/prometheus-blackbox-exporter",
				"helm upgrade --install jaeger jaegertracing/jaeger",
				"helm upgrade --install loki grafana-community/loki",
				"helm upgrade --install fluent-bit fluent/fluent-bit",
				"helm upgrade --install yace prometheus-community/prometheus-yet-another-cloudwatch-exporter",
				"kubectl apply -k " + platform.resolve("../overlays/eks"),
				"kubectl -n o11y-demo get ingress o11y-demo -o jsonpath",
				platform.resolve("probes.sh") + " http://<the ALB's name> | kubectl apply -f -");
		assertInOrder(output, order);
		assertThat(output).contains("--set clusterName=o11y-demo")
			.contains("--set serviceAccount.create=false")
			.contains("--set o11yDemo.region=eu-west-1 --set o11yDemo.clusterName=o11y-demo")
			.doesNotContain("fluent-bit-elasticsearch")
			.as("the Secrets Store CSI driver, for the aws-secrets variant only")
			.doesNotContain("helm upgrade --install secrets-store")
			.as("Argo Rollouts, for the canary variant only")
			.doesNotContain("helm upgrade --install argo-rollouts");
		Matcher helm = HELM_INSTALL.matcher(output);
		int releases = 0;
		while (helm.find()) {
			releases++;
			String command = helm.group();
			assertThat(command).as("pinned chart version").containsPattern("--version [0-9]+\\.[0-9]+\\.[0-9]+ ");
			Matcher values = Pattern.compile("-f (\\S+)").matcher(command);
			while (values.find()) {
				assertThat(Path.of(values.group(1))).as(command).isRegularFile();
			}
		}
		assertThat(releases).isEqualTo(8);
	}

	@Test
	void theAwsSecretsVariantGetsTheDriverAndItsRolesCheckedBeforeTheSuite(@TempDir Path work) throws Exception {
		Path platform = copyPlatform(work, Map.of("ES_HOST", ""));
		ExternalTool.Result dryRun = scriptWithOverlay(platform, "eks-aws-secrets", "install.sh", "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		String output = dryRun.output();
		int associations = output.indexOf("aws eks list-pod-identity-associations --cluster-name o11y-demo");
		int driver = output.indexOf("helm upgrade --install secrets-store "
				+ "aws-secrets-manager/secrets-store-csi-driver-provider-aws -n kube-system --version 3.1.1 -f "
				+ platform.resolve("secrets-store.values.yaml"));
		int suite = output.indexOf("kubectl apply -k " + platform.resolve("../overlays/eks-aws-secrets"));
		assertThat(associations).as(output).isPositive();
		assertThat(driver).as(output).isGreaterThan(associations);
		assertThat(suite).as(output).isGreaterThan(driver);
		JsonNode values = yaml.readTree(PLATFORM.resolve("secrets-store.values.yaml").toFile());
		assertThat(values.at("/secrets-store-csi-driver/syncSecret/enabled").asBoolean())
			.as("the pods read the Secrets the driver writes")
			.isTrue();
	}

	@Test
	void theCanaryVariantGetsArgoRolloutsAndItsCrdsAfterPrometheusAndBeforeTheSuite(@TempDir Path work)
			throws Exception {
		Path platform = copyPlatform(work, Map.of("ES_HOST", ""));
		ExternalTool.Result dryRun = scriptWithOverlay(platform, "eks-canary", "install.sh", "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		String output = dryRun.output();
		List<String> order = List.of("helm upgrade --install monitoring prometheus-community/kube-prometheus-stack",
				"helm upgrade --install argo-rollouts argo/argo-rollouts -n argo-rollouts --create-namespace",
				"crd/rollouts.argoproj.io", "crd/analysistemplates.argoproj.io", "crd/analysisruns.argoproj.io",
				"kubectl apply -k " + platform.resolve("../overlays/eks-canary"));
		assertInOrder(output, order);
		// The SLO gate asks the Prometheus of the release install.sh names.
		assertThat(Files.readString(Manifests.ROOT.resolve("k8s/components/canary/analysistemplate.yaml")))
			.contains("http://monitoring-kube-prometheus-prometheus.monitoring:9090");
		assertThat(output)
			.contains("helm upgrade --install monitoring prometheus-community/kube-prometheus-stack -n monitoring");
	}

	@Test
	void onAClusterFromTerraformInstallReadsItsOutputsAndMakesThePodIdentityAccounts(@TempDir Path work)
			throws Exception {
		Path platform = copyPlatform(work, Map.of("ES_HOST", ""));
		ExternalTool.Result dryRun = scriptWithEnv(platform, "TF_CLUSTER_DIR=/tf/cluster", "install.sh", "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		String output = dryRun.output();
		List<String> order = List.of("terraform -chdir=/tf/cluster output -raw cluster_name",
				"terraform -chdir=/tf/cluster output -raw region",
				"kubectl -n kube-system get serviceaccount aws-load-balancer-controller",
				"terraform -chdir=/tf/cluster output -raw vpc_id",
				"helm upgrade --install aws-load-balancer-controller", "kubectl -n monitoring get serviceaccount yace",
				"helm upgrade --install yace");
		assertInOrder(output, order);
		assertThat(output).doesNotContain("aws eks describe-cluster");
		assertThat(Files.readString(PLATFORM.resolve("install.sh"))).as("the account is made where a role exists")
			.contains(
					"aws eks list-pod-identity-associations --cluster-name \"$CLUSTER_NAME\" --region \"$AWS_REGION\" \\\n"
							+ "    --namespace \"$namespace\" --service-account \"$name\"")
			.contains("kubectl -n \"$namespace\" create serviceaccount \"$name\"");
	}

	@Test
	void everyReleaseSetsOnlyTheKeysCheckedInItsChartAtThePinnedVersion(@TempDir Path work) throws Exception {
		Matcher list = Pattern.compile("(?s)\\nvalues_checked=\\((.*?)\\n\\)")
			.matcher(Files.readString(PLATFORM.resolve("charts.sh")));
		assertThat(list.find()).as("charts.sh's values_checked").isTrue();
		Map<String, List<String>> checked = new TreeMap<>();
		Matcher entry = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1));
		while (entry.find()) {
			List<String> words = List.of(entry.group(1).trim().split("\\s+"));
			checked.put(words.get(0), words.subList(1, words.size()));
		}
		Path platform = copyPlatform(work, Map.of("ES_HOST", "es.example.internal", "REMOTE_WRITE_URL",
				"https://central.example.com/api/v1/write", "REMOTE_WRITE_USERNAME", "east"));
		// The variants that add a release: between them, every release is installed.
		String installs = scriptWithOverlay(platform, "eks-aws-secrets", "install.sh", "--dry-run").output()
				+ scriptWithOverlay(platform, "eks-canary", "install.sh", "--dry-run").output();
		Map<String, Set<String>> set = new TreeMap<>();
		Matcher helm = HELM_INSTALL.matcher(installs);
		while (helm.find()) {
			String release = helm.group(1);
			String command = helm.group();
			assertThat(checked).as("values_checked lists release %s", release).containsKey(release);
			Matcher version = Pattern.compile("--version (\\S+)").matcher(command);
			assertThat(version.find()).isTrue();
			assertThat(checked.get(release).get(0)).as("the version %s's keys were checked at", release)
				.isEqualTo(version.group(1));
			Set<String> keys = set.computeIfAbsent(release, (any) -> new TreeSet<>());
			Matcher sets = Pattern.compile("--set(?:-string|-json)? ([^=]+)=").matcher(command);
			while (sets.find()) {
				keys.add(sets.group(1));
			}
			Matcher values = Pattern.compile("-f (\\S+)").matcher(command);
			while (values.find()) {
				leafKeys(yaml.readTree(Path.of(values.group(1)).toFile()), "", keys);
			}
		}
		assertThat(set.keySet()).as("every release of charts.sh is installed by some variant")
			.isEqualTo(checked.keySet());
		set.forEach((release, keys) -> {
			List<String> listed = checked.get(release).subList(1, checked.get(release).size());
			for (String key : keys) {
				assertThat(listed).as("%s sets %s, a key nobody checked in the chart's values.yaml", release, key)
					.anyMatch((prefix) -> key.equals(prefix) || key.startsWith(prefix + "."));
			}
			for (String prefix : listed) {
				assertThat(keys).as("%s lists %s, which nothing sets any more", release, prefix)
					.anyMatch((key) -> key.equals(prefix) || key.startsWith(prefix + "."));
			}
		});
	}

	@Test
	void theClustersPrometheusLabelsWhatLeavesItWithTheClusterAndWritesOnlyTheSuitesSeriesToACentralReceiver(
			@TempDir Path work) throws Exception {
		String plain = script(copyPlatform(work.resolve("plain"), Map.of()), "install.sh", "--dry-run").output();
		assertThat(plain).contains("--set-string prometheus.prometheusSpec.externalLabels.cluster=o11y-demo")
			.as("nothing leaves the cluster unless asked")
			.doesNotContain("remoteWrite")
			.doesNotContain("remote-write-credentials");

		String url = "https://central.example.com/api/v1/write";
		ExternalTool.Result central = script(
				copyPlatform(work.resolve("central"), Map.of("REMOTE_WRITE_URL", url, "REMOTE_WRITE_USERNAME", "east")),
				"install.sh", "--dry-run");
		assertThat(central.exitCode()).as(central.output()).isZero();
		assertThat(central.output()).doesNotContain(SECRET)
			.contains("create secret generic remote-write-credentials --from-literal=username=<hidden> "
					+ "--from-literal=password=<hidden>");
		Matcher remoteWrite = Pattern.compile("--set-json prometheus\\.prometheusSpec\\.remoteWrite=(\\S+)")
			.matcher(central.output());
		assertThat(remoteWrite.find()).as(central.output()).isTrue();
		// The dry run prints each word quoted for the shell (printf %q): backslashes
		// before
		// what it escaped. Read strictly as the Prometheus object's remoteWrite, where a
		// misspelled field fails.
		String writes = remoteWrite.group(1).replaceAll("\\\\(.)", "$1");
		Prometheus prometheus = (Prometheus) Manifests.read("""
				apiVersion: monitoring.coreos.com/v1
				kind: Prometheus
				metadata:
				  name: monitoring
				spec:
				  remoteWrite: %s
				""".formatted(writes), "install.sh's remoteWrite").get(0);
		assertThat(prometheus.getSpec().getRemoteWrite()).hasSize(1);
		RemoteWriteSpec write = prometheus.getSpec().getRemoteWrite().get(0);
		assertThat(write.getUrl()).isEqualTo(url);
		assertThat(write.getBasicAuth().getUsername().getName()).isEqualTo("remote-write-credentials");
		assertThat(write.getBasicAuth().getUsername().getKey()).isEqualTo("username");
		assertThat(write.getBasicAuth().getPassword().getName()).isEqualTo("remote-write-credentials");
		assertThat(write.getBasicAuth().getPassword().getKey()).isEqualTo("password");
		RelabelConfig keep = write.getWriteRelabelConfigs().get(0);
		assertThat(keep.getAction()).isEqualTo("keep");
		assertThat(keep.getSourceLabels()).containsExactly("job");
		Set<String> expected = new TreeSet<>(Manifests.suiteServices().keySet());
		expected.add("blackbox");
		assertThat(new TreeSet<>(List.of(keep.getRegex().split("\\|")))).isEqualTo(expected);
		RelabelConfig drop = write.getWriteRelabelConfigs().get(1);
		assertThat(drop.getAction()).isEqualTo("drop");
		assertThat(drop.getSourceLabels()).containsExactly("__name__");
		assertThat(drop.getRegex()).as("the alerts' series, which the receiver writes itself")
			.isEqualTo("ALERTS|ALERTS_FOR_STATE");
	}

	@Test
	void aRemoteWriteWithoutCredentialsIsRefusedBeforeAnythingIsInstalled(@TempDir Path work) throws Exception {
		ExternalTool.Result refused = script(copyPlatform(work,
				Map.of("REMOTE_WRITE_URL", "https://central.example.com/api/v1/write", "REMOTE_WRITE_PASSWORD", "")),
				"install.sh", "--dry-run");
		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.output()).contains("REMOTE_WRITE_USERNAME and REMOTE_WRITE_PASSWORD")
			.doesNotContain("helm upgrade --install monitoring");
	}

	private static void leafKeys(JsonNode node, String path, Set<String> keys) {
		if (node.isObject() && !node.isEmpty()) {
			node.fieldNames()
				.forEachRemaining((name) -> leafKeys(node.get(name), path.isEmpty() ? name : path + "." + name, keys));
		}
		else {
			keys.add(path);
		}
	}

	@Test
	void installRefusesAnOverlayThatDoesNotExistBeforeRunningAnything(@TempDir Path work) throws Exception {
		Path platform = copyPlatform(work, Map.of());
		ExternalTool.Result run = scriptWithOverlay(platform, "eks-typo", "install.sh", "--dry-run");
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.output()).contains("no overlay 'eks-typo'").doesNotContain("helm");
	}

	@Test
	void everyAutoscalerOnAResourceMetricHasTheMetricsApiInstalled(@TempDir Path work) throws Exception {
		List<HorizontalPodAutoscaler> onResources = Manifests
			.ofKind(Manifests.load("overlays/eks"), HorizontalPodAutoscaler.class)
			.stream()
			.filter((hpa) -> hpa.getSpec().getMetrics().stream().anyMatch((metric) -> metric.getResource() != null))
			.toList();
		assertThat(onResources).as("HPAs that read metrics.k8s.io").isNotEmpty();
		JsonNode cluster = yaml.readTree(PLATFORM.resolve("cluster.yaml").toFile());
		List<String> addons = new ArrayList<>();
		cluster.at("/addons").forEach((addon) -> addons.add(addon.get("name").asText()));
		assertThat(addons).as("cluster.yaml's add-ons").contains("metrics-server");
		String dryRun = script(copyPlatform(work, Map.of()), "install.sh", "--dry-run").output();
		assertThat(dryRun).as("a cluster brought without the add-on gets the chart")
			.containsPattern("kubectl get apiservice v1beta1\\.metrics\\.k8s\\.io\\n.*\\n"
					+ "helm upgrade --install metrics-server metrics-server/metrics-server -n kube-system "
					+ "--version [0-9.]+ --wait");
	}

	@Test
	void installAddsElasticsearchWhenAHostIsSetAndStopsBeforeTheSuiteWhenAsked(@TempDir Path work) throws Exception {
		Path platform = copyPlatform(work, Map.of("ES_HOST", "es.example.internal"));
		ExternalTool.Result dryRun = script(platform, "install.sh", "--dry-run", "--no-suite");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		assertThat(dryRun.output()).doesNotContain(SECRET)
			.contains("create secret generic fluent-bit-elasticsearch --from-literal=ES_HOST=<hidden>")
			.contains("-f " + platform.resolve("fluent-bit.values.yaml") + " -f "
					+ platform.resolve("fluent-bit.elasticsearch.values.yaml"))
			.doesNotContain("kubectl apply -k");
	}

	@Test
	void installRefusesToRunWithoutItsEnvFile(@TempDir Path work) throws Exception {
		Path platform = copyPlatform(work, Map.of());
		Files.delete(platform.resolve("platform.env"));
		ExternalTool.Result run = script(platform, "install.sh");
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.output()).contains("copy").contains("platform.env.example");
	}

	@Test
	void uninstallRemovesTheSuiteFirstThenEveryReleaseInstallMadeInReverse(@TempDir Path work) throws Exception {
		Path platform = copyPlatform(work, Map.of("ES_HOST", ""));
		// Between them, the two variants install every release charts.sh lists.
		List<List<String>> variants = new ArrayList<>();
		for (String variant : List.of("eks-aws-secrets", "eks-canary")) {
			List<String> installed = new ArrayList<>();
			Matcher helm = HELM_INSTALL
				.matcher(scriptWithOverlay(platform, variant, "install.sh", "--dry-run").output());
			while (helm.find()) {
				installed.add(helm.group(1) + " -n " + helm.group(3));
			}
			variants.add(installed);
		}
		ExternalTool.Result dryRun = script(platform, "uninstall.sh", "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		List<String> lines = dryRun.output().lines().toList();
		assertThat(lines.get(0)).startsWith("kubectl delete -k " + platform.resolve("../overlays/eks"));
		List<String> uninstalled = new ArrayList<>();
		for (String line : lines) {
			Matcher matcher = Pattern.compile("^helm uninstall (\\S+ -n \\S+) ").matcher(line);
			if (matcher.find()) {
				uninstalled.add(matcher.group(1));
			}
		}
		Set<String> every = new TreeSet<>();
		for (List<String> installed : variants) {
			every.addAll(installed);
			List<String> reversed = new ArrayList<>(installed);
			Collections.reverse(reversed);
			assertThat(uninstalled.stream().filter(installed::contains).toList()).isEqualTo(reversed);
		}
		assertThat(new TreeSet<>(uninstalled)).isEqualTo(every).hasSize(uninstalled.size());
		assertThat(dryRun.output()).contains("kubectl delete -f " + platform.resolve("storageclass.yaml"))
			.contains("kubectl delete namespace logging observability monitoring")
			.doesNotContain("delete crd");
		assertThat(script(platform, "uninstall.sh", "--dry-run", "--crds").output())
			.contains("kubectl delete crd servicemonitors.monitoring.coreos.com");
	}

	@Test
	void theClusterGivesTheControllerItsRoleTheVolumesTheirDriverAndTheSuiteRoom() throws Exception {
		JsonNode cluster = yaml.readTree(PLATFORM.resolve("cluster.yaml").toFile());
		assertThat(cluster.get("apiVersion").asText()).isEqualTo("eksctl.io/v1alpha5");
		assertThat(cluster.get("kind").asText()).isEqualTo("ClusterConfig");
		Map<String, String> example = envFile(PLATFORM.resolve("platform.env.example"));
		assertThat(cluster.at("/metadata/name").asText()).isEqualTo(example.get("CLUSTER_NAME"));
		assertThat(cluster.at("/metadata/region").asText()).isEqualTo(example.get("AWS_REGION"));
		assertThat(cluster.at("/iam/withOIDC").asBoolean()).isTrue();
		JsonNode controller = cluster.at("/iam/serviceAccounts/0");
		assertThat(controller.at("/metadata/name").asText()).isEqualTo("aws-load-balancer-controller");
		assertThat(controller.at("/metadata/namespace").asText()).isEqualTo("kube-system");
		assertThat(controller.at("/wellKnownPolicies/awsLoadBalancerController").asBoolean()).isTrue();
		JsonNode yace = cluster.at("/iam/serviceAccounts/1");
		JsonNode yaceValues = yaml.readTree(PLATFORM.resolve("yace.values.yaml").toFile());
		assertThat(yace.at("/metadata/name").asText()).isEqualTo(yaceValues.at("/serviceAccount/name").asText());
		assertThat(yace.at("/metadata/namespace").asText()).as("install.sh's namespace for yace")
			.isEqualTo("monitoring");
		assertThat(yace.at("/attachPolicy/Statement/0/Action").toString()).as("reads only")
			.doesNotContainPattern("Put|Delete|Create|\\*\"");
		JsonNode ebs = cluster.at("/addons/0");
		assertThat(ebs.get("name").asText()).isEqualTo("aws-ebs-csi-driver");
		assertThat(ebs.at("/wellKnownPolicies/ebsCSIController").asBoolean()).isTrue();

		// The suite's memory limits at its replica counts, plus the 4 GiB the platform
		// takes (cluster.yaml's
		// comment), within 80 % of the smallest node group (the rest is the kubelet's and
		// the system's).
		long suite = Manifests.memoryLimits(Manifests.load("overlays/eks"));
		JsonNode nodes = cluster.at("/managedNodeGroups/0");
		assertThat(nodes.get("instanceType").asText()).as("8 GiB per node below").isEqualTo("t3.large");
		long capacity = nodes.get("minSize").asLong() * 8L * 1024 * 1024 * 1024;
		long platform = 4L * 1024 * 1024 * 1024;
		assertThat(suite + platform).as("bytes").isPositive().isLessThan(capacity * 8 / 10);
	}

	/**
	 * The probes from outside on EKS: a Probe per public route of probes.txt, through the
	 * Service the blackbox exporter's chart names after install.sh's release, as job
	 * blackbox, which the rules read; with https, the certificate's handshake as well.
	 */
	@Test
	void theProbesOfThePublicRoutesAreProbeObjectsThroughTheExporterInstallShInstalls() throws Exception {
		ExternalTool bash = ExternalTool.require("bash", "");
		Map<String, String[]> publicRoutes = new TreeMap<>();
		for (String line : Files
			.readAllLines(Manifests.ROOT.resolve("k8s/components/monitoring/blackbox/probes.txt"))) {
			String[] fields = line.trim().split("\\s+");
			if (fields[0].equals("public")) {
				publicRoutes.put("o11y-demo-" + fields[1], fields);
			}
		}
		assertThat(publicRoutes).as("public routes in probes.txt").isNotEmpty();
		for (String url : List.of("http://k8s-o11ydemo-0123456789.eu-west-1.elb.amazonaws.com",
				"https://shop.example.com")) {
			ExternalTool.Result printed = bash.run(null, Manifests.ROOT, "k8s/platform/probes.sh", url);
			assertThat(printed.exitCode()).as(printed.output()).isZero();
			Map<String, Probe> probes = new TreeMap<>();
			Manifests.read(printed.output(), "probes.sh " + url)
				.forEach((object) -> probes.put(object.getMetadata().getName(), (Probe) object));
			Set<String> expected = new TreeSet<>(publicRoutes.keySet());
			if (url.startsWith("https://")) {
				expected.add("o11y-demo-certificate");
			}
			assertThat(probes.keySet()).as(url).isEqualTo(expected);
			probes.forEach((name, probe) -> {
				assertThat(probe.getMetadata().getNamespace()).isEqualTo("monitoring");
				assertThat(probe.getMetadata().getLabels()).containsEntry("release", "monitoring");
				assertThat(probe.getSpec().getJobName()).isEqualTo("blackbox");
				assertThat(probe.getSpec().getProber().getUrl())
					.isEqualTo("prometheus-blackbox-exporter.monitoring.svc:9115");
				List<String> targets = probe.getSpec().getTargets().getStaticConfig().getStatic();
				String[] route = publicRoutes.get(name);
				if (route == null) {
					assertThat(probe.getSpec().getModule()).isEqualTo("tls_handshake");
					assertThat(targets).containsExactly("shop.example.com:443");
				}
				else {
					assertThat(probe.getSpec().getModule()).isEqualTo(route[3]);
					assertThat(targets).containsExactly(url + route[2]);
					assertThat(probe.getSpec().getTargets().getStaticConfig().getLabels()).containsEntry("application",
							route[1]);
				}
			});
		}
		assertThat(bash.run(null, Manifests.ROOT, "k8s/platform/probes.sh", "https://shop.example.com/path").exitCode())
			.as("a URL with a path")
			.isEqualTo(2);
		assertThat(Files.readString(PLATFORM.resolve("charts.sh")))
			.as("the release whose Service the Probes go through")
			.contains("\"prometheus-blackbox-exporter monitoring\"");
	}

	@Test
	void thePlatformsPiecesFindEachOtherByTheNamesTheirChartsGive() throws Exception {
		// install.sh's releases and namespaces decide the Service names: jaeger's chart
		// (4.x) names its one Service
		// after the release, Loki's monolithic Service is the release's name on 3100.
		String tracing = Files.readString(Manifests.ROOT.resolve("k8s/components/tracing/otlp.yaml"));
		assertThat(tracing).contains("http://jaeger.observability.svc.cluster.local:4318");
		JsonNode stack = yaml.readTree(PLATFORM.resolve("kube-prometheus-stack.values.yaml").toFile());
		Map<String, String> datasources = new TreeMap<>();
		stack.at("/grafana/additionalDataSources")
			.forEach((source) -> datasources.put(source.get("uid").asText(), source.get("url").asText()));
		assertThat(datasources).containsEntry("jaeger", "http://jaeger.observability.svc.cluster.local:16686")
			.containsEntry("loki", "http://loki.logging.svc.cluster.local:3100");
		for (String values : List.of("fluent-bit.values.yaml", "fluent-bit.elasticsearch.values.yaml")) {
			String outputs = yaml.readTree(PLATFORM.resolve(values).toFile()).at("/config/outputs").asText();
			assertThat(outputs).as(values)
				.containsPattern("Host +loki\\.logging\\.svc\\.cluster\\.local\\n")
				.containsPattern("Port +3100\\n");
		}
		String jaeger = yaml.readTree(PLATFORM.resolve("jaeger.values.yaml").toFile())
			.at("/userconfig/extensions/healthcheckv2/http/endpoint")
			.asText();
		assertThat(jaeger).as("the chart's probes ask port 13133").isEqualTo("0.0.0.0:13133");

		String storageClass = yaml.readTree(PLATFORM.resolve("storageclass.yaml").toFile())
			.at("/metadata/name")
			.asText();
		assertThat(yaml.readTree(PLATFORM.resolve("loki.values.yaml").toFile())
			.at("/singleBinary/persistence/storageClass")
			.asText()).isEqualTo(storageClass);
		StatefulSet postgres = Manifests.named(Manifests.load("overlays/eks"), StatefulSet.class, "postgres");
		assertThat(postgres.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName())
			.isEqualTo(storageClass);
	}

	/**
	 * k8s/platform copied to {@code work} with a platform.env made from the example,
	 * secrets replaced by a marker.
	 */
	private static Path copyPlatform(Path work, Map<String, String> overrides) throws IOException {
		Path target = work.resolve("k8s/platform");
		Files.createDirectories(target);
		try (Stream<Path> files = Files.list(PLATFORM)) {
			for (Path file : files.toList()) {
				Files.copy(file, target.resolve(file.getFileName().toString()));
			}
		}
		List<String> env = new ArrayList<>();
		for (String line : Files.readAllLines(PLATFORM.resolve("platform.env.example"))) {
			String key = line.contains("=") && !line.startsWith("#") ? line.substring(0, line.indexOf('=')) : null;
			if (key != null && overrides.containsKey(key)) {
				env.add(key + "=" + overrides.get(key));
			}
			else if (key != null && (key.endsWith("PASSWORD") || key.endsWith("USER"))) {
				env.add(key + "=" + SECRET);
			}
			else {
				env.add(line);
			}
		}
		Files.write(target.resolve("platform.env"), env);
		// install.sh asks scripts/prometheus-config.sh which series leave the cluster.
		Files.createDirectories(work.resolve("scripts"));
		for (String script : List.of("prometheus-config.sh", "services")) {
			Files.copy(Manifests.ROOT.resolve("scripts").resolve(script), work.resolve("scripts").resolve(script));
		}
		// install.sh reads the overlay it applies.
		try (Stream<Path> overlays = Files.list(PLATFORM.resolveSibling("overlays"))) {
			for (Path overlay : overlays.toList()) {
				Path copy = work.resolve("k8s/overlays").resolve(overlay.getFileName().toString());
				Files.createDirectories(copy);
				Files.copy(overlay.resolve("kustomization.yaml"), copy.resolve("kustomization.yaml"));
			}
		}
		return target;
	}

	private static Map<String, String> envFile(Path file) throws IOException {
		Map<String, String> values = new TreeMap<>();
		for (String line : Files.readAllLines(file)) {
			if (line.matches("[A-Z0-9_]+=.*")) {
				values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
			}
		}
		return values;
	}

	private static ExternalTool.Result script(Path platform, String name, String... args) throws Exception {
		return scriptWithOverlay(platform, "eks", name, args);
	}

	/** Runs a script of the copy with OVERLAY set, as a user chooses a variant. */
	private static ExternalTool.Result scriptWithOverlay(Path platform, String overlay, String name, String... args)
			throws Exception {
		return scriptWithEnv(platform, "OVERLAY=" + overlay, name, args);
	}

	/** Runs a script of the copy with one variable of the environment set. */
	private static ExternalTool.Result scriptWithEnv(Path platform, String variable, String name, String... args)
			throws Exception {
		List<String> command = new ArrayList<>(List.of(variable, "bash", platform.resolve(name).toString()));
		command.addAll(List.of(args));
		return ExternalTool.require("env", "").run(null, platform, command.toArray(String[]::new));
	}

	/** Each step appears in the output, after the one before it. */
	private static void assertInOrder(String output, List<String> steps) {
		int at = -1;
		for (String step : steps) {
			int next = output.indexOf(step);
			assertThat(next).as("%s, after the step before it, in:%n%s", step, output).isGreaterThan(at);
			at = next;
		}
	}

}
