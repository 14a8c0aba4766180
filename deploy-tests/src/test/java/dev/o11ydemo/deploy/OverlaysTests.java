package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay and every component renders, and everything rendered is typed and free of
 * unknown fields.
 */
class OverlaysTests {

	/** The suite's services, from scripts/services. */
	private static final Set<String> SERVICES = Manifests.suiteServices().keySet();

	static Stream<String> services() {
		return SERVICES.stream();
	}

	/**
	 * Every overlay in k8s/overlays: one added there is rendered without a test to edit.
	 */
	static Stream<String> overlays() throws Exception {
		try (Stream<Path> folders = Files.list(Manifests.ROOT.resolve("k8s/overlays"))) {
			return folders.map((folder) -> "overlays/" + folder.getFileName()).sorted().toList().stream();
		}
	}

	@Test
	void theOverlaysIncludeEveryVariantTheDocsName() throws Exception {
		assertThat(overlays()).contains("overlays/eks", "overlays/eks-https", "overlays/eks-aws-secrets",
				"overlays/eks-canary", "overlays/local");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void overlayRendersIntoTypedObjects(String overlay) throws Exception {
		List<HasMetadata> objects = Manifests.load(overlay);
		assertThat(Manifests.ofKind(objects, Deployment.class))
			.extracting((deployment) -> deployment.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(SERVICES);
		assertThat(objects).allSatisfy((object) -> {
			if (!object.getKind().equals("Namespace")) {
				assertThat(object.getMetadata().getNamespace()).as(object.getKind()).isEqualTo("o11y-demo");
			}
		});
	}

	@Test
	void theAggregatingBaseHoldsEveryServiceOfTheSuiteAndNothingElse() throws Exception {
		List<HasMetadata> objects = Manifests.load("base");
		assertThat(Manifests.ofKind(objects, Deployment.class))
			.extracting((deployment) -> deployment.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(SERVICES);
		assertThat(objects).hasSize(5 * SERVICES.size());
	}

	@ParameterizedTest
	@MethodSource("services")
	void eachBaseRendersOnItsOwn(String service) throws Exception {
		List<HasMetadata> objects = Manifests.load("base/" + service);
		assertThat(objects).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("ServiceAccount", "Service", "Deployment", "PodDisruptionBudget",
					"HorizontalPodAutoscaler");
		// The shared service-objects component names them after the base's Deployment.
		assertThat(objects).extracting((object) -> object.getMetadata().getName()).containsOnly(service);
		assertThat(Manifests.named(objects, HorizontalPodAutoscaler.class, service)
			.getSpec()
			.getScaleTargetRef()
			.getName()).isEqualTo(service);
		assertThat(
				Manifests.named(objects, PodDisruptionBudget.class, service).getSpec().getSelector().getMatchLabels())
			.containsEntry("app.kubernetes.io/name", service);
		assertThat(Manifests.named(objects, io.fabric8.kubernetes.api.model.Service.class, service)
			.getSpec()
			.getSelector()).containsEntry("app.kubernetes.io/name", service);
		assertThat(Manifests.named(objects, Deployment.class, service)
			.getSpec()
			.getTemplate()
			.getSpec()
			.getServiceAccountName()).isEqualTo(service);
	}

	/**
	 * Every combination of the optional components on the five bases: any subset of
	 * monitoring, tracing, network policies, the auth key and the fault token, with no
	 * database component, the in-cluster PostgreSQL or the external one (those two both
	 * define the database Secret, so they exclude each other).
	 */
	static Stream<List<String>> componentCombinations() {
		List<String> independent = List.of("monitoring", "tracing", "network-policies", "auth-jwt", "fault-token");
		List<List<String>> combinations = new ArrayList<>();
		for (int mask = 0; mask < (1 << independent.size()); mask++) {
			for (String database : new String[] { null, "postgres", "external-database" }) {
				List<String> combination = new ArrayList<>();
				for (int bit = 0; bit < independent.size(); bit++) {
					if ((mask & (1 << bit)) != 0) {
						combination.add(independent.get(bit));
					}
				}
				if (database != null) {
					combination.add(database);
				}
				combinations.add(combination);
			}
		}
		return combinations.stream();
	}

	@ParameterizedTest
	@MethodSource("componentCombinations")
	void everyCombinationOfComponentsRendersOnTheBases(List<String> components) throws Exception {
		String name = components.isEmpty() ? "none" : String.join("+", components);
		Path combination = Manifests.workTree().resolve("combinations/" + name);
		Files.createDirectories(combination);
		List<String> lines = new ArrayList<>(
				List.of("apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "resources:"));
		lines.add("  - ../../base");
		lines.add("components:" + (components.isEmpty() ? " []" : ""));
		components.forEach((component) -> lines.add("  - ../../components/" + component));
		Files.write(combination.resolve("kustomization.yaml"), lines);
		List<HasMetadata> objects = Manifests.load("combinations/" + name);
		assertThat(Manifests.ofKind(objects, Deployment.class)).hasSize(5);
	}

	@Test
	void aMisspelledFieldFailsTheStrictRead() throws Exception {
		Manifests.kubectl();
		Path broken = Manifests.workTree().resolve("combinations/misspelled");
		Files.createDirectories(broken);
		Files.writeString(broken.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				resources:
				  - ../../base/service-b
				patches:
				  - target:
				      kind: Deployment
				    patch: |
				      - op: add
				        path: /spec/template/spec/containers/0/readinessProbes
				        value: {}
				""");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.load("combinations/misspelled"))
			.withMessageContaining("readinessProbes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/spec/secretObject", "/spec/secretObjects/0/datas" })
	void aMisspelledFieldOfASecretProviderClassFailsTheStrictRead(String path) throws Exception {
		Manifests.kubectl();
		String name = "misspelled-class-" + Integer.toHexString(path.hashCode());
		Path broken = Manifests.workTree().resolve("combinations/" + name);
		Files.createDirectories(broken);
		Files.writeString(broken.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				components:
				  - ../../components/aws-secrets
				resources:
				  - ../../base
				patches:
				  - target:
				      kind: SecretProviderClass
				      name: fault-token
				    patch: |
				      - op: add
				        path: %s
				        value: []
				""".formatted(path));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.load("combinations/" + name))
			.withMessageContaining("unknown field(s) [" + path.substring(path.lastIndexOf('/') + 1) + "]");
	}

}
