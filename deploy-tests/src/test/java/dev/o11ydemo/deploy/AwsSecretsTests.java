package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/overlays/eks-aws-secrets: the Secrets the suite reads, written by the Secrets Store
 * CSI driver from AWS Secrets Manager, with the same names and keys as the env-file
 * overlays' (so nothing in the services changes), each read with the IAM role of the
 * reading pod's own service account (cluster.yaml). No AWS account runs here: the driver,
 * the provider and IAM are checked as the objects and policies they would be given.
 */
class AwsSecretsTests {

	private static final Pattern SECRET_ARN = Pattern
		.compile("arn:aws:secretsmanager:([a-z0-9-]+):\\*:secret:o11y-demo/([a-z-]+)-\\?{6}");

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	private static List<HasMetadata> variant;

	private static List<HasMetadata> envFiles;

	@BeforeAll
	static void render() throws Exception {
		variant = Manifests.load("overlays/eks-aws-secrets");
		envFiles = Manifests.load("overlays/eks");
	}

	@Test
	void theVariantGeneratesNoneOfTheSecretsItTakesFromSecretsManager() {
		Set<String> classes = classes().keySet();
		assertThat(classes).containsExactlyInAnyOrder("auth-jwt", "fault-token", "introspection-client",
				"suite-database");
		assertThat(Manifests.ofKind(variant, Secret.class)).extracting((secret) -> secret.getMetadata().getName())
			.noneMatch((name) -> classes.stream().anyMatch(name::startsWith));
	}

	@Test
	void everyWorkloadMountsReadOnlyTheClassOfEachSecretItReadsAndNoOther() {
		Map<String, SecretProviderClass> classes = classes();
		Map<String, PodSpec> workloads = workloads(variant);
		assertThat(workloads).containsKeys("postgres", "auth-service", "service-a");
		workloads.forEach((name, pod) -> {
			Set<String> mounted = new TreeSet<>();
			for (Volume volume : pod.getVolumes()) {
				if (volume.getCsi() == null) {
					continue;
				}
				assertThat(volume.getCsi().getDriver()).isEqualTo("secrets-store.csi.k8s.io");
				assertThat(volume.getCsi().getReadOnly()).as("%s's volume %s", name, volume.getName()).isTrue();
				String className = volume.getCsi().getVolumeAttributes().get("secretProviderClass");
				assertThat(classes).as(name).containsKey(className);
				classes.get(className)
					.getSpec()
					.getSecretObjects()
					.forEach((written) -> mounted.add(written.getSecretName()));
				for (Container container : pod.getContainers()) {
					assertThat(container.getVolumeMounts())
						.filteredOn((mount) -> mount.getName().equals(volume.getName()))
						.as("%s mounts %s read-only", name, volume.getName())
						.isNotEmpty()
						.allMatch(VolumeMount::getReadOnly);
				}
			}
			assertThat(mounted).as("the Secrets %s mounts the classes of", name).isEqualTo(readSecrets(pod).keySet());
		});
	}

	@Test
	void eachClassWritesExactlyTheKeysItsReadersReadFromTheSecretsManagerKeysOfTheSameName() {
		Map<String, Set<String>> read = new TreeMap<>();
		workloads(variant).values()
			.forEach((pod) -> readSecrets(pod)
				.forEach((secret, keys) -> read.computeIfAbsent(secret, (any) -> new TreeSet<>()).addAll(keys)));
		classes().forEach((name, spc) -> {
			assertThat(spc.getSpec().getProvider()).isEqualTo("aws");
			assertThat(spc.getSpec().getParameters()).containsEntry("usePodIdentity", "true");
			JsonNode objects = parse(spc.getSpec().getParameters().get("objects"));
			assertThat(objects).as(name).hasSize(1);
			assertThat(objects.get(0).get("objectName").asText()).isEqualTo("o11y-demo/" + name);
			assertThat(objects.get(0).get("objectType").asText()).isEqualTo("secretsmanager");
			Set<String> aliases = new TreeSet<>();
			objects.get(0).get("jmesPath").forEach((path) -> {
				assertThat(path.get("objectAlias").asText()).as("the JSON key is the env key")
					.isEqualTo(path.get("path").asText());
				aliases.add(path.get("objectAlias").asText());
			});
			assertThat(spc.getSpec().getSecretObjects()).hasSize(1);
			SecretProviderClass.SecretObject written = spc.getSpec().getSecretObjects().get(0);
			assertThat(written.getSecretName()).isEqualTo(name);
			Set<String> keys = new TreeSet<>();
			written.getData().forEach((data) -> {
				assertThat(data.getKey()).isEqualTo(data.getObjectName());
				keys.add(data.getKey());
			});
			assertThat(aliases).as(name).isEqualTo(keys);
			assertThat(keys).as("the keys of %s its readers read", name).isEqualTo(read.get(name));
		});
	}

	@Test
	void eachServiceAccountsRoleReadsOnlyTheSecretsItsPodsMount() throws Exception {
		JsonNode cluster = yaml.readTree(Manifests.ROOT.resolve("k8s/platform/cluster.yaml").toFile());
		String region = cluster.at("/metadata/region").asText();
		Map<String, Set<String>> granted = new TreeMap<>();
		for (JsonNode association : cluster.at("/iam/podIdentityAssociations")) {
			assertThat(association.get("namespace").asText()).isEqualTo("o11y-demo");
			Set<String> secrets = new TreeSet<>();
			for (JsonNode statement : association.at("/permissionPolicy/Statement")) {
				assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
				List<String> actions = new ArrayList<>();
				statement.get("Action").forEach((action) -> actions.add(action.asText()));
				assertThat(actions).containsExactlyInAnyOrder("secretsmanager:GetSecretValue",
						"secretsmanager:DescribeSecret");
				for (JsonNode resource : statement.get("Resource")) {
					Matcher arn = SECRET_ARN.matcher(resource.asText());
					assertThat(arn.matches()).as("one secret of o11y-demo/ by name: %s", resource).isTrue();
					assertThat(arn.group(1)).isEqualTo(region);
					secrets.add(arn.group(2));
				}
			}
			assertThat(granted.put(association.get("serviceAccountName").asText(), secrets)).as("one role each")
				.isNull();
		}
		Map<String, Set<String>> mounted = new TreeMap<>();
		workloads(variant).values()
			.forEach((pod) -> mounted.computeIfAbsent(pod.getServiceAccountName(), (any) -> new TreeSet<>())
				.addAll(readSecrets(pod).keySet()));
		assertThat(granted).isEqualTo(mounted);
	}

	@Test
	void theEnvFileOverlayReadsTheSameSecretsAndKeys() {
		Map<String, PodSpec> fromFiles = workloads(envFiles);
		Map<String, PodSpec> fromManager = workloads(variant);
		assertThat(fromManager.keySet()).isEqualTo(fromFiles.keySet());
		fromFiles.forEach((name, pod) -> {
			Map<String, Set<String>> unhashed = new TreeMap<>();
			readSecrets(pod).forEach((secret, keys) -> unhashed.put(secret.replaceAll("-[a-z0-9]{10}$", ""), keys));
			assertThat(readSecrets(fromManager.get(name))).as(name).isEqualTo(unhashed);
		});
	}

	private static Map<String, SecretProviderClass> classes() {
		Map<String, SecretProviderClass> classes = new TreeMap<>();
		Manifests.ofKind(variant, SecretProviderClass.class)
			.forEach((spc) -> classes.put(spc.getMetadata().getName(), spc));
		return classes;
	}

	private static Map<String, PodSpec> workloads(List<HasMetadata> objects) {
		Map<String, PodSpec> workloads = new TreeMap<>();
		Manifests.ofKind(objects, Deployment.class)
			.forEach((deployment) -> workloads.put(deployment.getMetadata().getName(),
					deployment.getSpec().getTemplate().getSpec()));
		Manifests.ofKind(objects, StatefulSet.class)
			.forEach((set) -> workloads.put(set.getMetadata().getName(), set.getSpec().getTemplate().getSpec()));
		return workloads;
	}

	/**
	 * The Secrets a pod's containers read and, per Secret, the keys: those of
	 * secretKeyRef, or for envFrom every key of the env-file overlay's Secret of that
	 * name.
	 */
	private static Map<String, Set<String>> readSecrets(PodSpec pod) {
		Map<String, Set<String>> read = new TreeMap<>();
		for (Container container : pod.getContainers()) {
			for (EnvVar variable : container.getEnv()) {
				if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
					read.computeIfAbsent(variable.getValueFrom().getSecretKeyRef().getName(), (any) -> new TreeSet<>())
						.add(variable.getValueFrom().getSecretKeyRef().getKey());
				}
			}
			for (EnvFromSource source : container.getEnvFrom()) {
				if (source.getSecretRef() != null) {
					String name = source.getSecretRef().getName();
					String unhashed = name.replaceAll("-[a-z0-9]{10}$", "");
					Secret generated = Manifests.ofKind(envFiles, Secret.class)
						.stream()
						.filter((secret) -> secret.getMetadata()
							.getName()
							.replaceAll("-[a-z0-9]{10}$", "")
							.equals(unhashed))
						.findFirst()
						.orElseThrow(() -> new AssertionError("no Secret " + unhashed + " in overlays/eks"));
					read.computeIfAbsent(name, (any) -> new TreeSet<>()).addAll(generated.getData().keySet());
				}
			}
		}
		return read;
	}

	private static JsonNode parse(String text) {
		try {
			return yaml.readTree(text);
		}
		catch (Exception ex) {
			throw new AssertionError("not YAML: " + text, ex);
		}
	}

}
