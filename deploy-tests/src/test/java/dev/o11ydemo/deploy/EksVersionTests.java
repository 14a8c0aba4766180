package dev.o11ydemo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * The cluster's Kubernetes version: one pin (cluster.yaml), in AWS's calendar
 * (eks-versions.yaml), in standard support on the day the tests run, so that a new
 * cluster does not start on extended-support pricing.
 */
class EksVersionTests {

	private static final Path PLATFORM = Manifests.ROOT.resolve("k8s/platform");

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	@Test
	void theClusterIsPinnedToAVersionStillInStandardSupportToday() throws Exception {
		String pin = pin();
		Map<String, JsonNode> calendar = calendar();
		assertThat(calendar).as("k8s/platform/eks-versions.yaml: add %s with its dates from AWS's calendar", pin)
			.containsKey(pin);
		LocalDate end = LocalDate.parse(calendar.get(pin).get("endOfStandardSupport").asText());
		assertThat(LocalDate.now(ZoneOffset.UTC))
			.as("standard support of EKS %s ends on %s: pin a newer version in cluster.yaml (docs/eks.md)", pin, end)
			.isBefore(end);
	}

	@Test
	void theCalendarGivesEachVersionTwelveMonthsOfExtendedSupportAfterItsStandardSupport() throws Exception {
		List<String> versions = new ArrayList<>();
		for (JsonNode version : yaml.readTree(PLATFORM.resolve("eks-versions.yaml").toFile()).get("versions")) {
			versions.add(version.get("version").asText());
			LocalDate standard = LocalDate.parse(version.get("endOfStandardSupport").asText());
			LocalDate extended = LocalDate.parse(version.get("endOfExtendedSupport").asText());
			assertThat(extended).as(version.toString()).isEqualTo(standard.plusMonths(12));
		}
		assertThat(versions).as("newest first")
			.isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(b.split("\\.")[1]),
					Integer.parseInt(a.split("\\.")[1])));
	}

	@Test
	void noAddOnIsPinnedSoEksPicksTheDefaultVersionForThePinnedKubernetes() throws Exception {
		JsonNode cluster = yaml.readTree(PLATFORM.resolve("cluster.yaml").toFile());
		assertThat(cluster.get("addons")).isNotEmpty()
			.allSatisfy((addon) -> assertThat(addon.has("version")).as(addon.get("name").asText()).isFalse());
	}

	@Test
	void theDocsNameThePinAndWhereItsDatesComeFrom() throws Exception {
		String docs = Files.readString(Manifests.ROOT.resolve("docs/eks.md"));
		assertThat(docs).contains("Kubernetes " + pin() + ",").contains("eks-versions.yaml");
	}

	private static String pin() throws Exception {
		return yaml.readTree(PLATFORM.resolve("cluster.yaml").toFile()).at("/metadata/version").asText();
	}

	private static Map<String, JsonNode> calendar() throws Exception {
		Map<String, JsonNode> calendar = new TreeMap<>();
		for (JsonNode version : yaml.readTree(PLATFORM.resolve("eks-versions.yaml").toFile()).get("versions")) {
			calendar.put(version.get("version").asText(), version);
		}
		return calendar;
	}

}
