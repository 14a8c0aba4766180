package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-checks on what {@code kubectl apply -k k8s/overlays/eks} would create: the traps
 * of the seed projects (selectors matching nothing, ALB health checks, secrets in files,
 * missing probes) designed out and kept out.
 */
class EksOverlayTests {

	private static final Set<String> SERVICES = Manifests.suiteServices().keySet();

	private static final String RELEASE_LABEL = "release";

	private static List<HasMetadata> objects;

	@BeforeAll
	static void render() throws Exception {
		objects = Manifests.load("overlays/eks");
	}

	@Test
	void theServiceMonitorSelectsExactlyTheFiveServicesAndTheirScrapePort() {
		List<ServiceMonitor> monitors = Manifests.ofKind(objects, ServiceMonitor.class);
		assertThat(monitors).isNotEmpty();
		Set<String> selected = new TreeSet<>();
		for (ServiceMonitor monitor : monitors) {
			List<Service> matches = Manifests.ofKind(objects, Service.class)
				.stream()
				.filter((service) -> matches(monitor.getSpec().getSelector(), service.getMetadata().getLabels()))
				.toList();
			for (Service service : matches) {
				assertThat(selected.add(service.getMetadata().getName())).as("selected twice: %s", service).isTrue();
				Set<String> ports = service.getSpec()
					.getPorts()
					.stream()
					.map(ServicePort::getName)
					.collect(Collectors.toSet());
				monitor.getSpec().getEndpoints().forEach((endpoint) -> {
					assertThat(ports).as(service.getMetadata().getName()).contains(endpoint.getPort());
					assertThat(endpoint.getPath()).isEqualTo("/metrics");
				});
			}
		}
		assertThat(selected).containsExactlyInAnyOrderElementsOf(SERVICES);
	}

	@Test
	void kubePrometheusStackFindsTheMonitoringObjectsByItsReleaseLabel() {
		List<HasMetadata> monitoring = new ArrayList<>();
		monitoring.addAll(Manifests.ofKind(objects, ServiceMonitor.class));
		monitoring.addAll(Manifests.ofKind(objects, PrometheusRule.class));
		monitoring.addAll(Manifests.ofKind(objects, AlertmanagerConfig.class));
		assertThat(monitoring).hasSize(3)
			.allSatisfy((object) -> assertThat(object.getMetadata().getLabels()).containsEntry(RELEASE_LABEL,
					"monitoring"));
		assertThat(Manifests.ofKind(objects, Deployment.class)).allSatisfy(
				(deployment) -> assertThat(deployment.getMetadata().getLabels()).doesNotContainKey(RELEASE_LABEL));
	}

	@Test
	void theIngressIsAnAlbTargetingPodsAndRoutesEachPathToAServiceThatExists() {
		Ingress ingress = Manifests.ofKind(objects, Ingress.class).get(0);
		Map<String, String> annotations = ingress.getMetadata().getAnnotations();
		assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
		assertThat(annotations).containsEntry("alb.ingress.kubernetes.io/target-type", "ip");
		List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
		Map<String, String> routes = paths.stream()
			.collect(Collectors.toMap(HTTPIngressPath::getPath, (path) -> path.getBackend().getService().getName()));
		assertThat(routes).containsExactlyInAnyOrderEntriesOf(Map.of("/", "service-a", "/login", "auth-service",
				"/order", "order-service", "/payment", "payment-service"));
		for (HTTPIngressPath path : paths) {
			assertThat(path.getPathType()).as(path.getPath())
				.isEqualTo(path.getPath().equals("/login") ? "Exact" : "Prefix");
			Service service = Manifests.named(objects, Service.class, path.getBackend().getService().getName());
			assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName)
				.contains(path.getBackend().getService().getPort().getName());
			assertThat(service.getMetadata().getAnnotations())
				.containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/actuator/health/readiness");
		}
	}

	/**
	 * Kubernetes' Ingress matching (the longest matching path wins, Exact before Prefix
	 * of the same length; a Prefix matches whole path elements): token introspection is
	 * for the suite's own services, so no public path reaches it at auth-service.
	 */
	@ParameterizedTest
	@CsvSource({ "/login, auth-service", "/login/introspect, service-a", "/login/, service-a",
			"/login/introspect/, service-a", "/loginx, service-a", "/order/7, order-service",
			"/payment/charge, payment-service", "/, service-a" })
	void theIngressRoutesOnlyLoginItselfToAuthService(String requestPath, String backend) {
		List<HTTPIngressPath> paths = Manifests.ofKind(objects, Ingress.class)
			.get(0)
			.getSpec()
			.getRules()
			.get(0)
			.getHttp()
			.getPaths();
		HTTPIngressPath chosen = paths.stream()
			.filter((path) -> matches(path, requestPath))
			.max(Comparator.comparingInt((HTTPIngressPath path) -> path.getPath().length())
				.thenComparing((path) -> path.getPathType().equals("Exact")))
			.orElseThrow();
		assertThat(chosen.getBackend().getService().getName()).isEqualTo(backend);
	}

	private static boolean matches(HTTPIngressPath path, String requestPath) {
		if (path.getPathType().equals("Exact")) {
			return path.getPath().equals(requestPath);
		}
		String prefix = path.getPath().replaceAll("/+$", "");
		return prefix.isEmpty() || requestPath.equals(prefix) || requestPath.startsWith(prefix + "/");
	}

	@Test
	void onlyTheAlbTheTokenCheckingServicesAndPrometheusReachAuthService() {
		NetworkPolicy policy = Manifests.named(objects, NetworkPolicy.class, "auth-service");
		assertThat(policy.getSpec().getPodSelector().getMatchLabels())
			.containsExactlyEntriesOf(Map.of("app.kubernetes.io/name", "auth-service"));
		assertThat(policy.getSpec().getIngress()).hasSize(1);
		List<NetworkPolicyPeer> from = policy.getSpec().getIngress().get(0).getFrom();
		assertThat(from).filteredOn((peer) -> peer.getPodSelector() != null)
			.extracting((peer) -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))
			.containsExactlyInAnyOrder("order-service", "payment-service");
		assertThat(from).filteredOn((peer) -> peer.getNamespaceSelector() != null)
			.extracting((peer) -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
			.containsExactly("monitoring");
		// The ALB's subnets, never the whole VPC, where the pods are too.
		assertThat(from).filteredOn((peer) -> peer.getIpBlock() != null)
			.extracting((peer) -> peer.getIpBlock().getCidr())
			.isNotEmpty()
			.allSatisfy((cidr) -> assertThat(Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)))
				.isGreaterThanOrEqualTo(19));
		assertThat(policy.getSpec().getIngress().get(0).getPorts()).extracting((port) -> port.getPort().getStrVal())
			.containsExactly("http");
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/eks", "overlays/local" })
	void theTokenCheckingServicesShareTheIntrospectionCredentialFromASecret(String overlay) throws Exception {
		List<HasMetadata> rendered = overlay.equals("overlays/eks") ? objects : Manifests.load(overlay);
		Set<String> withCredential = new TreeSet<>();
		for (Deployment deployment : Manifests.ofKind(rendered, Deployment.class)) {
			env(deployment, "AUTH_INTROSPECTION_SECRET").ifPresent((variable) -> {
				String secret = variable.getValueFrom().getSecretKeyRef().getName();
				assertThat(secret).startsWith("introspection-client-");
				assertThat(Manifests.named(rendered, Secret.class, secret).getData())
					.containsKey("AUTH_INTROSPECTION_SECRET");
				withCredential.add(deployment.getMetadata().getName());
			});
		}
		assertThat(withCredential).containsExactly("auth-service", "order-service", "payment-service");
	}

	@Test
	void everyDeploymentHasProbesResourcesAndALockedDownSecurityContext() {
		for (Deployment deployment : Manifests.ofKind(objects, Deployment.class)) {
			String name = deployment.getMetadata().getName();
			PodSpec pod = deployment.getSpec().getTemplate().getSpec();
			assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
			assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
			for (Container container : pod.getContainers()) {
				Set<String> ports = container.getPorts()
					.stream()
					.map((port) -> port.getName())
					.collect(Collectors.toSet());
				for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
						container.getReadinessProbe())) {
					assertThat(probe).as(name).isNotNull();
					assertThat(ports).as(name).contains(probe.getHttpGet().getPort().getStrVal());
					assertThat(probe.getHttpGet().getPath()).startsWith("/actuator/health/");
				}
				assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
				assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
				assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
				assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
				assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
				assertThat(container.getVolumeMounts()).as(name)
					.anySatisfy((mount) -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
			}
		}
	}

	@Test
	void podsOutliveTheAlbDeregistrationDelayAndDrainGracefully() {
		String attributes = Manifests.ofKind(objects, Ingress.class)
			.get(0)
			.getMetadata()
			.getAnnotations()
			.get("alb.ingress.kubernetes.io/target-group-attributes");
		int deregistrationDelay = Integer
			.parseInt(attributes.replaceAll(".*deregistration_delay.timeout_seconds=(\\d+).*", "$1"));
		for (Deployment deployment : Manifests.ofKind(objects, Deployment.class)) {
			PodSpec pod = deployment.getSpec().getTemplate().getSpec();
			long preStop = pod.getContainers().get(0).getLifecycle().getPreStop().getSleep().getSeconds();
			assertThat(preStop).as(deployment.getMetadata().getName()).isGreaterThan(deregistrationDelay);
			// Spring's graceful shutdown phase takes up to 30 s after the preStop sleep.
			assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(preStop + 30);
		}
	}

	@Test
	void disruptionBudgetsAndAutoscalersPointAtTheirDeployments() {
		for (Deployment deployment : Manifests.ofKind(objects, Deployment.class)) {
			String name = deployment.getMetadata().getName();
			Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
			PodDisruptionBudget budget = Manifests.named(objects, PodDisruptionBudget.class, name);
			assertThat(budget.getSpec().getSelector()).as(name).isNotNull();
			assertThat(matches(budget.getSpec().getSelector(), podLabels)).as(name).isTrue();
			HorizontalPodAutoscaler autoscaler = Manifests.named(objects, HorizontalPodAutoscaler.class, name);
			assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
			assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void secretsComeOnlyFromGeneratorsAndNoContainerHasALiteralCredential() {
		Set<String> secretNames = new TreeSet<>();
		for (Secret secret : Manifests.ofKind(objects, Secret.class)) {
			// secretGenerator appends a content hash: a Secret without one was written
			// into a file by hand.
			assertThat(secret.getMetadata().getName()).matches(".*-[a-z0-9]{10}");
			secretNames.add(secret.getMetadata().getName());
		}
		Pattern sensitive = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|WEBHOOK|API_?KEY).*");
		for (Deployment deployment : Manifests.ofKind(objects, Deployment.class)) {
			for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
				for (EnvVar env : container.getEnv()) {
					if (sensitive.matcher(env.getName()).matches()) {
						assertThat(env.getValue()).as(env.getName()).isNull();
					}
				}
				container.getEnvFrom()
					.forEach((source) -> assertThat(secretNames).contains(source.getSecretRef().getName()));
			}
		}
		AlertmanagerConfig alerting = Manifests.ofKind(objects, AlertmanagerConfig.class).get(0);
		alerting.getSpec()
			.getReceivers()
			.stream()
			.flatMap((receiver) -> receiver.getSlackConfigs() != null
					? receiver.getSlackConfigs().stream().map((slack) -> slack.getApiURL().getName()) : Stream.empty())
			.forEach((name) -> assertThat(secretNames)
				.anySatisfy((secret) -> assertThat(secret).startsWith(name + "-")));
	}

	@Test
	void authServiceReplicasShareOneSigningKeyFromASecret() {
		Deployment auth = Manifests.named(objects, Deployment.class, "auth-service");
		assertThat(auth.getSpec().getReplicas()).isGreaterThan(1);
		EnvVar key = env(auth, "AUTH_JWT_SECRET").orElseThrow(
				() -> new AssertionError("replicas without a shared AUTH_JWT_SECRET reject each other's tokens"));
		String secret = key.getValueFrom().getSecretKeyRef().getName();
		assertThat(Manifests.named(objects, Secret.class, secret).getData()).containsKey("AUTH_JWT_SECRET");
	}

	@Test
	void everyServiceTakesItsFaultTokenFromTheGeneratedSecret() {
		List<Deployment> deployments = Manifests.ofKind(objects, Deployment.class);
		assertThat(deployments).hasSize(Manifests.suiteServices().size());
		for (Deployment deployment : deployments) {
			EnvVar token = env(deployment, "DEMO_FAULTROUTES_TOKEN")
				.orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no fault token"));
			String secret = token.getValueFrom().getSecretKeyRef().getName();
			assertThat(secret).startsWith("fault-token-");
			assertThat(Manifests.named(objects, Secret.class, secret).getData()).containsKey("DEMO_FAULTROUTES_TOKEN");
		}
	}

	@Test
	void theHttpsVariantRedirectsToTlsWithTheCertificateAndSourceAddressesOfItsEnvFile() throws Exception {
		List<HasMetadata> https = Manifests.load("overlays/eks-https");
		Map<String, String> annotations = Manifests.ofKind(https, Ingress.class).get(0).getMetadata().getAnnotations();
		assertThat(annotations)
			.containsEntry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTP\": 80}, {\"HTTPS\": 443}]")
			.containsEntry("alb.ingress.kubernetes.io/ssl-redirect", "443")
			.containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing");
		assertThat(annotations.get("alb.ingress.kubernetes.io/ssl-policy")).startsWith("ELBSecurityPolicy-TLS13");
		// The values are the example env file's, copied as a user would.
		assertThat(annotations.get("alb.ingress.kubernetes.io/certificate-arn")).startsWith("arn:aws:acm:");
		assertThat(annotations).containsEntry("alb.ingress.kubernetes.io/inbound-cidrs", "0.0.0.0/0");
		// Its settings ConfigMap is build-time only; everything else is the eks
		// overlay's.
		assertThat(https).noneMatch((object) -> object.getMetadata().getName().equals("alb-https"));
		assertThat(https).hasSameSizeAs(objects);
	}

	@Test
	void noCommittedFileUnderK8sHoldsACredential() throws Exception {
		Pattern credential = Pattern
			.compile("hooks\\.slack\\.com/services/T[0-9A-Z]{6,}|AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY");
		try (Stream<Path> files = Files.walk(Manifests.ROOT.resolve("k8s"))) {
			List<Path> offenders = files.filter(Files::isRegularFile)
				.filter((file) -> !file.getFileName().toString().endsWith(".env"))
				.filter((file) -> credential.matcher(Manifests.read(file)).find())
				.toList();
			assertThat(offenders).isEmpty();
		}
	}

	private static boolean matches(LabelSelector selector, Map<String, String> labels) {
		if (selector == null || labels == null) {
			return false;
		}
		if (selector.getMatchLabels() != null && !selector.getMatchLabels()
			.entrySet()
			.stream()
			.allMatch((entry) -> entry.getValue().equals(labels.get(entry.getKey())))) {
			return false;
		}
		if (selector.getMatchExpressions() != null) {
			for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
				String value = labels.get(requirement.getKey());
				boolean ok = switch (requirement.getOperator()) {
					case "In" -> value != null && requirement.getValues().contains(value);
					case "NotIn" -> value == null || !requirement.getValues().contains(value);
					case "Exists" -> value != null;
					case "DoesNotExist" -> value == null;
					default -> false;
				};
				if (!ok) {
					return false;
				}
			}
		}
		return true;
	}

	/** The variable {@code name} of the Deployment's first container, if it sets one. */
	private static Optional<EnvVar> env(Deployment deployment, String name) {
		return deployment.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.getEnv()
			.stream()
			.filter((env) -> env.getName().equals(name))
			.findFirst();
	}

}
