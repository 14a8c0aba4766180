package dev.o11ydemo.demoservice.problems;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * Text fields as Jackson reads them, refused when they hold what a database column cannot
 * keep as sent: a NUL (PostgreSQL refuses it, H2 stores it) or an unpaired surrogate
 * (encoded to UTF-8 as {@code ?}). The client gets a 400 naming the field instead of a
 * 500 on one database and a silently changed value on another.
 */
final class StorableTextDeserializer extends StringDeserializer {

	static final String NOT_STORABLE = "contains a NUL character or an unpaired surrogate";

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {
		String text = super.deserialize(parser, context);
		if (text != null && !storable(text)) {
			return (String) context.handleWeirdStringValue(String.class, text, NOT_STORABLE);
		}
		return text;
	}

	static boolean storable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0) {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
