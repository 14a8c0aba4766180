package dev.o11ydemo.loadtest.gameday;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.o11ydemo.testsupport.Topology;

/**
 * What a scenario may name: the suite's services, the alerts of the rule file, and each
 * faulted service's settings with their defaults, as the service itself describes them
 * ({@code GET /actuator/faults}), so their names and types have one owner.
 *
 * @param services the suite's services
 * @param alerts the alerts of the rule file
 * @param settings per service, each fault setting's default (text for a duration, a
 * number or a boolean), where a service the scenario faults must be; or null to read a
 * scenario away from its target (its settings are then checked against the target when it
 * runs)
 */
public record Catalogue(Set<String> services, Set<String> alerts, @Nullable Map<String, Map<String, Object>> settings) {

	/** The rule file, from the repository's root. */
	public static final String RULES = "k8s/components/monitoring/prometheusrule.yaml";

	/**
	 * The repository's services and alerts, without any service's settings: what a
	 * scenario can be checked against away from its target.
	 */
	public static Catalogue offline(Path root) {
		return new Catalogue(new TreeSet<>(Topology.read(root.resolve(Topology.FILE)).names()),
				alertsOf(root.resolve(RULES)), null);
	}

	/**
	 * The repository's services and alerts, and the fault settings of each service that
	 * describes them to the platform; a step that faults any other is refused, naming it.
	 */
	public static Catalogue live(Path root, Platform platform) {
		Catalogue offline = offline(root);
		Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
		for (String service : offline.services()) {
			try {
				settings.put(service, platform.settings(service));
			}
			catch (Exception unreachable) {
				// Not reachable from here, or its fault controls are off.
			}
		}
		return new Catalogue(offline.services(), offline.alerts(), settings);
	}

	/** The alert names of a PrometheusRule file. */
	public static Set<String> alertsOf(Path ruleFile) {
		Set<String> alerts = new TreeSet<>();
		JsonNode spec = YAMLMapper.builder().build().readTree(ruleFile.toFile()).path("spec");
		for (JsonNode group : spec.path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				if (rule.has("alert")) {
					alerts.add(rule.path("alert").asString());
				}
			}
		}
		return alerts;
	}

	/**
	 * A service's settings from its {@code GET /actuator/faults} answer: the defaults'
	 * scalar fields.
	 */
	public static Map<String, Object> settingsOf(JsonNode faults) {
		Map<String, Object> settings = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : faults.path("defaults").properties()) {
			JsonNode value = field.getValue();
			if (value.isString()) {
				settings.put(field.getKey(), value.asString());
			}
			else if (value.isNumber()) {
				settings.put(field.getKey(), value.decimalValue());
			}
			else if (value.isBoolean()) {
				settings.put(field.getKey(), value.asBoolean());
			}
		}
		return settings;
	}

}
