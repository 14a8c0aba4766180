package dev.o11ydemo.loadtest.gameday;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML document read into maps, lists and scalars that remember their line, so a
 * refusal can name it. Databinding would lose the lines of values it accepted.
 */
sealed interface YamlTree {

	/** The line the node starts on, from 1. */
	int line();

	record MapNode(int line, Map<String, YamlTree> entries) implements YamlTree {
	}

	record ListNode(int line, List<YamlTree> items) implements YamlTree {
	}

	/**
	 * @param value text, a number, a boolean, or null for an empty value
	 */
	record Scalar(int line, @Nullable Object value) implements YamlTree {
	}

	static YamlTree read(Path file) {
		try (JsonParser parser = YAMLMapper.builder().build().createParser(file.toFile())) {
			if (parser.nextToken() == null) {
				throw new ScenarioException(file, 1, "the file is empty");
			}
			return node(parser, file);
		}
		catch (JacksonException ex) {
			int line = (ex.getLocation() != null) ? ex.getLocation().getLineNr() : 1;
			throw new ScenarioException(file, Math.max(line, 1), "not valid YAML: " + ex.getOriginalMessage());
		}
	}

	private static YamlTree node(JsonParser parser, Path file) {
		int line = parser.currentTokenLocation().getLineNr();
		JsonToken token = parser.currentToken();
		switch (token) {
			case START_OBJECT -> {
				Map<String, YamlTree> entries = new LinkedHashMap<>();
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					int at = parser.currentTokenLocation().getLineNr();
					parser.nextToken();
					if (entries.put(name, node(parser, file)) != null) {
						throw new ScenarioException(file, at, "'" + name + "' is given twice");
					}
				}
				return new MapNode(line, entries);
			}
			case START_ARRAY -> {
				List<YamlTree> items = new ArrayList<>();
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					items.add(node(parser, file));
				}
				return new ListNode(line, items);
			}
			case VALUE_STRING -> {
				return new Scalar(line, parser.getString());
			}
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
				return new Scalar(line, parser.getDecimalValue());
			}
			case VALUE_TRUE, VALUE_FALSE -> {
				return new Scalar(line, parser.getBooleanValue());
			}
			case VALUE_NULL -> {
				return new Scalar(line, null);
			}
			default -> throw new ScenarioException(file, line, "unexpected " + token);
		}
	}

}
