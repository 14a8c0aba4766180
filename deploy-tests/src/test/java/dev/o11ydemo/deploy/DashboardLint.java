package dev.o11ydemo.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.o11ydemo.testsupport.ExternalTool;

/**
 * Grafana's own dashboard schema applied to a dashboard's JSON: the TypeScript types of
 * the {@code @grafana/schema} package (the dashboard, and each panel plugin's options and
 * field config), checked by the real TypeScript compiler. Each dashboard becomes a
 * TypeScript file whose values must satisfy those types: a key the schema does not know,
 * a value of the wrong type or an enum value Grafana does not have is a compile error.
 * Every field is optional, as Grafana fills in what a dashboard leaves out; the query
 * fields of a target or an annotation belong to the data source and are left open, as the
 * schema leaves them.
 */
final class DashboardLint {

	/**
	 * The panel types the dashboards use: each is a module of the schema, imported below.
	 */
	static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "table", "heatmap", "bargauge", "logs");

	/** The panel types whose plugin has its own field config ({@code custom}). */
	private static final Set<String> HAS_FIELD_CONFIG = Set.of("timeseries", "table", "heatmap");

	private static final String PACKAGE = "@grafana/schema";

	private static final String SCHEMA = PACKAGE + "/dist/types/raw";

	private static final String PRELUDE = """
			import type * as dash from '%1$s/dashboard/x/types.gen';
			import type * as timeseries from '%1$s/composable/timeseries/panelcfg/x/types.gen';
			import type * as stat from '%1$s/composable/stat/panelcfg/x/types.gen';
			import type * as table from '%1$s/composable/table/panelcfg/x/types.gen';
			import type * as heatmap from '%1$s/composable/heatmap/panelcfg/x/types.gen';
			import type * as bargauge from '%1$s/composable/bargauge/panelcfg/x/types.gen';
			import type * as logs from '%1$s/composable/logs/panelcfg/x/types.gen';
			// The schema's enums as the strings and numbers a dashboard's JSON holds, every field optional.
			type Json<T> = T extends string ? `${T}` : T extends number ? number : T extends boolean ? boolean
			  : T extends ReadonlyArray<infer U> ? Array<Json<U>> : T extends object ? { [K in keyof T]?: Json<T[K]> } : T;
			// An annotation's query fields (expr, step, titleFormat, ...) belong to its data source, as a target's do.
			type Annotation = Json<dash.AnnotationQuery> & Record<string, unknown>;
			type Board = Omit<Json<dash.Dashboard>, 'annotations'> & { annotations?: { list?: Array<Annotation> } };
			"""
		.formatted(SCHEMA);

	private static final ObjectMapper json = new ObjectMapper();

	private DashboardLint() {
	}

	/**
	 * The TypeScript compiler's node_modules with the schema package (as {@code .ci/run}
	 * installs them), or a skipped (outside CI) or failed (in CI) test.
	 */
	static Path nodeModules() throws IOException {
		return TypeScriptCheck.nodeModules(PACKAGE);
	}

	/** Writes the tsconfig that resolves the schema from {@code nodeModules}. */
	static void configure(Path work, Path nodeModules) throws IOException {
		TypeScriptCheck.configure(work, nodeModules, PACKAGE);
	}

	/** Runs the compiler over every file in {@code work}. */
	static ExternalTool.Result compile(Path work) throws IOException, InterruptedException {
		return TypeScriptCheck.compile(work);
	}

	/**
	 * The dashboard as TypeScript: the whole of it against the dashboard type, then each
	 * panel's options, field config and overrides against its plugin's types, one line
	 * each, named after the panel, so that the compiler's line numbers point at a panel.
	 */
	static String typescript(JsonNode dashboard) throws IOException {
		StringBuilder ts = new StringBuilder(PRELUDE);
		ts.append("export const dashboard = ").append(json.writeValueAsString(dashboard)).append(" satisfies Board;\n");
		for (JsonNode panel : dashboard.path("panels")) {
			String type = panel.path("type").asText();
			if (type.equals("row")) {
				continue;
			}
			if (!PANEL_TYPES.contains(type)) {
				throw new IllegalArgumentException("panel type " + type + " has no schema here: add it to PANEL_TYPES");
			}
			String name = "panel" + panel.path("id").asInt();
			ts.append("// ").append(panel.path("title").asText().replace('\n', ' ')).append('\n');
			ts.append("export const %s_options = %s satisfies Json<%s.Options>;\n".formatted(name,
					json.writeValueAsString(panel.path("options")), type));
			JsonNode defaults = panel.path("fieldConfig").path("defaults");
			ObjectNode standard = defaults.deepCopy();
			standard.remove("custom");
			ts.append("export const %s_defaults = %s satisfies Json<dash.FieldConfig>;\n".formatted(name,
					json.writeValueAsString(standard)));
			ObjectNode custom = defaults.has("custom") ? (ObjectNode) defaults.path("custom").deepCopy()
					: json.createObjectNode();
			ObjectNode overridden = json.createObjectNode();
			int index = 0;
			for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
				ts.append("export const %s_override%d_matcher = %s satisfies Json<dash.MatcherConfig>;\n"
					.formatted(name, index, json.writeValueAsString(override.path("matcher"))));
				for (JsonNode property : override.path("properties")) {
					String id = property.path("id").asText();
					if (id.startsWith("custom.")) {
						custom.set(id.substring("custom.".length()), property.path("value"));
					}
					else {
						overridden.set(id, property.path("value"));
					}
				}
				index++;
			}
			ts.append("export const %s_overridden = %s satisfies Json<dash.FieldConfig>;\n".formatted(name,
					json.writeValueAsString(overridden)));
			if (HAS_FIELD_CONFIG.contains(type)) {
				ts.append("export const %s_custom = %s satisfies Json<%s.FieldConfig>;\n".formatted(name,
						json.writeValueAsString(custom), type));
			}
			else if (!custom.isEmpty()) {
				ts.append("export const %s_custom: Record<string, never> = %s;\n".formatted(name,
						json.writeValueAsString(custom)));
			}
		}
		return ts.toString();
	}

}
