package dev.o11ydemo.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.Topology;

/**
 * k8s/ as a user applies it: copied to a work folder, the git-ignored env files made from
 * their committed examples, rendered by the real {@code kubectl kustomize}, and read into
 * fabric8's typed models (and {@link SecretProviderClass}). Reading is strict: an object
 * of a kind no model knows, or a field its model does not have (a misspelling), fails.
 * Argo Rollouts' objects, which no model covers, are read as generic resources and
 * checked against the CRDs' types by {@link RolloutsLint}.
 */
final class Manifests {

	static final Path ROOT = Topology.root();

	static final Path WORK = ROOT.resolve("deploy-tests/target/k8s");

	static final KubernetesSerialization serialization = new KubernetesSerialization();

	static {
		// The one CRD no fabric8 model covers (k8s/components/aws-secrets).
		serialization.registerKubernetesResource(SecretProviderClass.class);
	}

	private static boolean prepared;

	private Manifests() {
	}

	/** The work copy of k8s/, with env files from the examples. */
	static synchronized Path workTree() throws IOException {
		if (!prepared) {
			if (Files.exists(WORK)) {
				try (Stream<Path> old = Files.walk(WORK)) {
					old.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
				}
			}
			Path source = ROOT.resolve("k8s");
			try (Stream<Path> files = Files.walk(source)) {
				for (Path file : files.toList()) {
					String name = file.getFileName().toString();
					if (name.endsWith(".env") || file.toString().contains("/.terraform")) {
						continue;
					}
					Path target = WORK.resolve(source.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(target);
					}
					else {
						Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
						if (name.endsWith(".env.example")) {
							Files.copy(file,
									target.resolveSibling(name.substring(0, name.length() - ".example".length())));
						}
					}
				}
			}
			prepared = true;
		}
		return WORK;
	}

	/**
	 * The kubectl that renders, or a skipped (outside CI) or failed (in CI) test: asked
	 * for first by a test that expects a render to fail, so a missing kubectl is not
	 * taken for the failure it expects.
	 */
	static ExternalTool kubectl() {
		return ExternalTool.require("kubectl", "kubectl 1.32 or newer, which embeds kustomize");
	}

	/** Renders a kustomization folder of the work tree, e.g. {@code overlays/eks}. */
	static String render(String kustomization) throws IOException, InterruptedException {
		Path dir = workTree().resolve(kustomization);
		ExternalTool kubectl = kubectl();
		ExternalTool.Result result = kubectl.run(null, null, "kustomize", dir.toString());
		if (result.exitCode() != 0) {
			throw new AssertionError("kubectl kustomize " + kustomization + " failed:\n" + result.output());
		}
		return result.output();
	}

	/** Renders and reads every object, strictly. */
	static List<HasMetadata> load(String kustomization) throws IOException, InterruptedException {
		return read(render(kustomization), kustomization);
	}

	/**
	 * Reads every object of a multi-document YAML text strictly.
	 * @param source what the text is, for the failure's message
	 */
	static List<HasMetadata> read(String documents, String source) {
		List<HasMetadata> objects = new ArrayList<>();
		List<GenericKubernetesResource> rollouts = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (String document : documents.split("(?m)^---$")) {
			if (document.isBlank()) {
				continue;
			}
			Object parsed;
			try {
				parsed = serialization.unmarshal(document);
			}
			catch (IllegalArgumentException ex) {
				problems.add("unreadable object: " + ex.getMessage().lines().findFirst().orElse(""));
				continue;
			}
			if (parsed instanceof GenericKubernetesResource generic
					&& RolloutsLint.API_VERSION.equals(generic.getApiVersion())) {
				rollouts.add(generic);
				objects.add(generic);
				continue;
			}
			if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
				problems.add("untyped object (unknown kind or apiVersion): " + document.lines().limit(3).toList());
				continue;
			}
			unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), problems);
			objects.add(object);
		}
		if (!problems.isEmpty()) {
			throw new AssertionError(source + ": " + String.join("\n", problems));
		}
		if (!rollouts.isEmpty()) {
			try {
				RolloutsLint.check(rollouts, source);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return objects;
	}

	/**
	 * The memory the rendered workloads may use at their replica counts: each container's
	 * limit (which every one must have) times its Deployment's or StatefulSet's replicas.
	 */
	static long memoryLimits(List<HasMetadata> objects) {
		long total = 0;
		for (HasMetadata object : objects) {
			if (object instanceof Deployment deployment) {
				total += deployment.getSpec().getReplicas() * memoryLimit(deployment.getSpec().getTemplate().getSpec());
			}
			else if (object instanceof StatefulSet statefulSet) {
				total += statefulSet.getSpec().getReplicas()
						* memoryLimit(statefulSet.getSpec().getTemplate().getSpec());
			}
		}
		return total;
	}

	private static long memoryLimit(PodSpec pod) {
		long total = 0;
		for (Container container : pod.getContainers()) {
			Quantity limit = container.getResources().getLimits().get("memory");
			if (limit == null) {
				throw new AssertionError(container.getName() + " has no memory limit");
			}
			total += Quantity.getAmountInBytes(limit).longValueExact();
		}
		return total;
	}

	static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
		return ofKind(objects, type).stream()
			.filter((object) -> object.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
	}

	/**
	 * fabric8 models keep fields they do not know in additionalProperties: any there is a
	 * mistake.
	 */
	static void unknownFields(Object node, String path, List<String> problems) {
		if (node == null) {
			return;
		}
		if (node instanceof Collection<?> collection) {
			int index = 0;
			for (Object element : collection) {
				unknownFields(element, path + "[" + index++ + "]", problems);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> unknownFields(value, path + "." + key, problems));
			return;
		}
		String type = node.getClass().getName();
		if (!(type.startsWith("io.fabric8") || type.startsWith(SecretProviderClass.class.getName()))
				|| node.getClass().isEnum()) {
			return;
		}
		for (Method getter : node.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object value;
			try {
				value = getter.invoke(node);
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				continue;
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
					problems.add(path + ": unknown field(s) " + extra.keySet());
				}
			}
			else {
				unknownFields(value, path + "." + getter.getName().substring(3), problems);
			}
		}
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The suite's services and their ports, from scripts/services (the list run.sh
	 * starts).
	 */
	static Map<String, Integer> suiteServices() {
		Map<String, Integer> services = new TreeMap<>();
		Topology.read(ROOT.resolve(Topology.FILE))
			.services()
			.forEach((service) -> services.put(service.name(), service.port()));
		return services;
	}

}
