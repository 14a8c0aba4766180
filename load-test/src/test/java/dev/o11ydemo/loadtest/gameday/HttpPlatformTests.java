package dev.o11ydemo.loadtest.gameday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a game day asks of a Kubernetes cluster through kubectl. No API server runs here,
 * so kubectl is a stand-in script that records its arguments and answers as a cluster
 * with (or without) the canary component would: what the Rollout then does with the
 * change is Argo Rollouts' part, which docs/kubernetes.md describes.
 */
class HttpPlatformTests {

	@TempDir
	Path work;

	@Test
	void aReleaseSetsTheFaultsAsVariablesOfTheDeploymentsPodTemplateAndTheRollBackTakesThemOut() throws Exception {
		HttpPlatform platform = platform(true);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("failureRatio", new BigDecimal("0.25"));
		settings.put("latency", "1500ms");
		platform.release("service-a", settings);
		platform.rollBack("service-a");
		assertThat(calls()).containsExactly(
				"--namespace o11y-demo get rollouts.argoproj.io service-a --ignore-not-found -o name",
				"--namespace o11y-demo set env deployment/service-a DEMO_FAULTS_FAILURERATIO=0.25 DEMO_FAULTS_LATENCY=1500ms",
				"--namespace o11y-demo set env deployment/service-a DEMO_FAULTS_FAILURERATIO- DEMO_FAULTS_LATENCY-");
	}

	@Test
	void withoutARolloutAReleaseIsRefusedBeforeItReachesEveryPod() throws Exception {
		HttpPlatform platform = platform(false);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> platform.release("service-a", Map.of("failureRatio", new BigDecimal("0.25"))))
			.withMessageContaining("no Rollout service-a in namespace o11y-demo")
			.withMessageContaining("k8s/components/canary");
		assertThat(calls()).noneMatch((call) -> call.contains("set env"));
	}

	@Test
	void aRemoveScalesWhatRunsThePodsToZeroAndBackToItsCount() throws Exception {
		HttpPlatform canary = platform(true);
		canary.remove("service-b");
		canary.restore("service-b");
		assertThat(calls()).contains("--namespace o11y-demo scale rollout.argoproj.io/service-b --replicas=0",
				"--namespace o11y-demo scale rollout.argoproj.io/service-b --replicas=3");
		Files.delete(this.work.resolve("calls"));
		HttpPlatform plain = platform(false);
		plain.remove("service-b");
		plain.restore("service-b");
		assertThat(calls()).contains("--namespace o11y-demo scale deployment/service-b --replicas=0",
				"--namespace o11y-demo scale deployment/service-b --replicas=3");
	}

	@Test
	void releaseIsOfferedOnlyWithANamespace() {
		assertThat(platform(true).supports()).contains("release", "remove");
		HttpPlatform local = new HttpPlatform((service) -> null, null, null);
		assertThat(local.supports()).doesNotContain("release", "remove");
		assertThat(local.whyNot("release")).contains("--namespace").contains("k8s/overlays/eks-canary");
	}

	/**
	 * A platform whose kubectl records each call in {@code calls} and answers as a
	 * cluster where each service runs 3 pods, with a Rollout per service or none.
	 */
	private HttpPlatform platform(boolean rollouts) {
		Path kubectl = this.work.resolve("kubectl");
		try {
			Files.writeString(kubectl, """
					#!/usr/bin/env bash
					echo "$*" >> "%s"
					case "$*" in
					  *"get rollouts.argoproj.io"*) %s ;;
					  *"jsonpath={.spec.replicas}"*) printf 3 ;;
					esac
					""".formatted(this.work.resolve("calls"), rollouts ? "echo \"rollout.argoproj.io/$5\"" : "true"));
			Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwx------"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return new HttpPlatform((service) -> null, null, "o11y-demo", kubectl.toString());
	}

	private List<String> calls() throws IOException {
		return Files.readAllLines(this.work.resolve("calls"));
	}

}
