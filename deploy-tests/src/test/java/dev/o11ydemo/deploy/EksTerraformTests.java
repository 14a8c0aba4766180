package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.Prerequisites;

/**
 * k8s/platform/terraform, the cluster the eksctl way's twin, checked offline with the
 * real terraform: fmt, validate, and each stage's {@code terraform test}, whose plans run
 * on a mocked AWS provider (no account here) with the values this test reads from
 * cluster.yaml and the rendered overlays, so the plan is held to what the suite needs:
 * the version pin, nodes that hold the suite's memory limits, a role per service account
 * trusting only it, public subnets that are the ALB addresses auth-service's
 * NetworkPolicy admits, the cost labels as tags. The provider comes from the filesystem
 * mirror named in offline.tfrc; where terraform or the mirror is missing, the test skips
 * outside CI and fails in CI.
 */
class EksTerraformTests {

	private static final Path PLATFORM = Manifests.ROOT.resolve("k8s/platform");

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	/**
	 * Memory of the instance types cluster.yaml may name, in MiB (AWS's instance types).
	 */
	private static final Map<String, Long> INSTANCE_MEMORY_MIB = Map.of("t3.large", 8192L, "t3.xlarge", 16384L,
			"m6i.large", 8192L, "m6i.xlarge", 16384L);

	/** The platform's allowance next to the suite, as cluster.yaml's comment sizes it. */
	private static final long PLATFORM_MEMORY_MIB = 4096;

	@ParameterizedTest
	@ValueSource(strings = { "network", "cluster" })
	void eachStageIsFormattedValidAndPassesItsOfflinePlanTests(String stage) throws Exception {
		ExternalTool terraform = ExternalTool.require("terraform",
				"Terraform 1.10 or newer, with the hashicorp/aws provider in a filesystem mirror");
		Path config = cliConfig();
		ExternalTool.Result fmt = terraform.run(null, PLATFORM.resolve("terraform"), "fmt", "-check", "-recursive",
				"-diff", "-no-color");
		assertThat(fmt.exitCode()).as("terraform fmt -check:%n%s", fmt.output()).isZero();

		Path work = Manifests.workTree().resolve("platform/terraform").resolve(stage);
		assertThat(run(config, work, "init", "-backend=false", "-input=false", "-no-color")).contains("initialized");
		assertThat(run(config, work, "validate", "-no-color")).contains("The configuration is valid");
		List<String> test = new ArrayList<>(List.of("test", "-no-color"));
		variables(stage).forEach((name, value) -> test.addAll(List.of("-var", name + "=" + value)));
		String output = run(config, work, test.toArray(String[]::new));
		assertThat(output).contains("0 failed").doesNotContain("skip");
	}

	/**
	 * The values each stage's tests compare the plan with, as HCL expressions, from
	 * cluster.yaml and the rendered eks overlay.
	 */
	private static Map<String, String> variables(String stage) throws Exception {
		List<HasMetadata> eks = Manifests.load("overlays/eks");
		Map<String, String> variables = new TreeMap<>();
		Deployment any = Manifests.ofKind(eks, Deployment.class).get(0);
		Map<String, String> labels = any.getSpec().getTemplate().getMetadata().getLabels();
		variables.put("cost_tags", "{team=%s,\"cost-center\"=%s}".formatted(quoted(labels.get("team")),
				quoted(labels.get("cost-center"))));
		JsonNode cluster = yaml.readTree(PLATFORM.resolve("cluster.yaml").toFile());
		if (stage.equals("network")) {
			NetworkPolicy auth = Manifests.named(eks, NetworkPolicy.class, "auth-service");
			List<String> cidrs = auth.getSpec()
				.getIngress()
				.stream()
				.flatMap((rule) -> rule.getFrom().stream())
				.map(NetworkPolicyPeer::getIpBlock)
				.filter((block) -> block != null)
				.map((block) -> quoted(block.getCidr()))
				.toList();
			assertThat(cidrs).as("the ALB's addresses in auth-service's NetworkPolicy").isNotEmpty();
			variables.put("alb_cidrs", "[" + String.join(",", cidrs) + "]");
			return variables;
		}
		variables.put("version_pin", quoted(cluster.at("/metadata/version").asText()));
		String instanceType = cluster.at("/managedNodeGroups/0/instanceType").asText();
		assertThat(INSTANCE_MEMORY_MIB).as("the memory of cluster.yaml's instance type").containsKey(instanceType);
		variables.put("instance_type", quoted(instanceType));
		variables.put("node_memory_mib", String.valueOf(INSTANCE_MEMORY_MIB.get(instanceType)));
		variables.put("suite_memory_mib", String.valueOf(Manifests.memoryLimits(eks) / (1024 * 1024)));
		variables.put("platform_memory_mib", String.valueOf(PLATFORM_MEMORY_MIB));
		List<String> addons = new ArrayList<>();
		cluster.get("addons").forEach((addon) -> addons.add(quoted(addon.get("name").asText())));
		variables.put("addons", "[" + String.join(",", addons) + "]");
		// Every service account cluster.yaml gives AWS permissions, and the EBS CSI
		// driver's, whose role comes with its add-on.
		Map<String, String> roles = new TreeMap<>();
		cluster.at("/iam/serviceAccounts")
			.forEach((account) -> roles.put(account.at("/metadata/name").asText(),
					account.at("/metadata/namespace").asText()));
		cluster.at("/iam/podIdentityAssociations")
			.forEach((association) -> roles.put(association.get("serviceAccountName").asText(),
					association.get("namespace").asText()));
		roles.put("ebs-csi-controller-sa", "kube-system");
		variables.put("pod_roles",
				roles.entrySet()
					.stream()
					.map((role) -> quoted(role.getKey()) + "=" + quoted(role.getValue()))
					.collect(Collectors.joining(",", "{", "}")));
		return variables;
	}

	@ParameterizedTest
	@ValueSource(strings = { "network", "cluster" })
	void everyAwsProviderTagsWithTheSuitesCostLabelsAndReadsTheOnePin(String stage) throws IOException {
		String hcl;
		try (Stream<Path> files = Files.list(PLATFORM.resolve("terraform").resolve(stage))) {
			hcl = files.filter((file) -> file.toString().endsWith(".tf"))
				.map(Manifests::read)
				.collect(Collectors.joining("\n"));
		}
		Matcher providers = Pattern.compile("(?s)provider \"aws\" \\{(.*?)\n\\}").matcher(hcl);
		int found = 0;
		while (providers.find()) {
			found++;
			assertThat(providers.group(1)).as("default_tags of %s", stage)
				.containsPattern("default_tags \\{\\s+tags = local.cost_tags\\s+\\}");
		}
		assertThat(found).isOne();
		assertThat(hcl).as("cluster.yaml and the cost labels come from the suite module")
			.containsPattern("module \"suite\" \\{\\s+source = \"../suite\"\\s+\\}")
			.containsPattern("platform +=\\s*module\\.suite\\.platform")
			.doesNotContain("yamldecode")
			.doesNotContainPattern("version\\s*=\\s*\"1\\.[0-9]+\"");
		assertThat(Manifests.read(PLATFORM.resolve("terraform/suite/main.tf")))
			.contains("yamldecode(file(\"${path.module}/../../cluster.yaml\"))");
	}

	/**
	 * offline.tfrc, or a copy naming TF_PROVIDER_MIRROR, after checking the mirror holds
	 * the aws provider.
	 */
	private static Path cliConfig() throws IOException {
		Path committed = PLATFORM.resolve("terraform/offline.tfrc");
		String text = Files.readString(committed);
		Matcher path = Pattern.compile("path\\s*=\\s*\"([^\"]+)\"").matcher(text);
		assertThat(path.find()).isTrue();
		String mirror = System.getenv().getOrDefault("TF_PROVIDER_MIRROR", path.group(1));
		if (!Files.isDirectory(Path.of(mirror, "registry.terraform.io/hashicorp/aws"))) {
			String message = "no hashicorp/aws provider in the filesystem mirror " + mirror
					+ " (set TF_PROVIDER_MIRROR to the folder holding registry.terraform.io)";
			Prerequisites.missing(message);
		}
		Path config = Manifests.workTree().resolve("platform/terraform/offline.tfrc");
		Files.writeString(config, text.replace(path.group(1), mirror));
		return config;
	}

	private static String run(Path config, Path dir, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("TF_CLI_CONFIG_FILE=" + config, "TF_IN_AUTOMATION=1",
				ExternalTool.require("terraform", "").executable().toString()));
		command.addAll(List.of(args));
		ExternalTool.Result result = ExternalTool.require("env", "").run(null, dir, command.toArray(String[]::new));
		assertThat(result.exitCode()).as("terraform %s:%n%s", args[0], result.output()).isZero();
		return result.output();
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
