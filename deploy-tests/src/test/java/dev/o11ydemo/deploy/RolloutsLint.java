package dev.o11ydemo.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import dev.o11ydemo.testsupport.ExternalTool;

/**
 * Argo Rollouts' objects (k8s/components/canary) against the types generated from the
 * project's own CRDs, the {@code @kubernetes-models/argo-rollouts} package, checked by
 * the real TypeScript compiler: no fabric8 model covers them. Each object becomes a
 * constant that must satisfy its kind's type, so a field the CRD does not have (a
 * misspelling) or a value of the wrong type is a compile error naming it.
 */
final class RolloutsLint {

	static final String API_VERSION = "argoproj.io/v1alpha1";

	private static final String PACKAGE = "@kubernetes-models/argo-rollouts";

	/** The kinds the suite uses, each with the module of its type. */
	private static final Map<String, String> KINDS = Map.of("Rollout", "Rollout", "AnalysisTemplate",
			"AnalysisTemplate");

	private static final Path WORK = Manifests.ROOT.resolve("deploy-tests/target/rollouts-lint");

	private RolloutsLint() {
	}

	/**
	 * Fails with the compiler's messages when an object does not satisfy its kind's type.
	 * @param source what the objects were rendered from, for the work folder and the
	 * message
	 */
	static void check(List<GenericKubernetesResource> objects, String source) throws IOException, InterruptedException {
		Path work = WORK.resolve(source.replaceAll("[^A-Za-z0-9-]", "_"));
		TypeScriptCheck.configure(work, TypeScriptCheck.nodeModules(PACKAGE), PACKAGE);
		StringBuilder ts = new StringBuilder();
		KINDS.forEach((kind, module) -> ts
			.append("import type { I%s } from '%s/%s/%s';\n".formatted(kind, PACKAGE, API_VERSION, module)));
		int index = 0;
		for (GenericKubernetesResource object : objects) {
			if (!KINDS.containsKey(object.getKind())) {
				throw new AssertionError(source + ": " + object.getKind() + " has no type here: add it to KINDS");
			}
			ts.append("// %s/%s\n".formatted(object.getKind(), object.getMetadata().getName()));
			ts.append("export const object%d = %s satisfies I%s;\n".formatted(index++,
					Manifests.serialization.asJson(object), object.getKind()));
		}
		Files.writeString(work.resolve("objects.ts"), ts);
		ExternalTool.Result result = TypeScriptCheck.compile(work);
		if (result.exitCode() != 0) {
			throw new AssertionError(source + ": Argo Rollouts objects do not satisfy the CRDs' types ("
					+ work.resolve("objects.ts") + "):\n" + result.output());
		}
	}

}
