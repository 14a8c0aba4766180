package dev.o11ydemo.demoservice.problems;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * Text fields as Jackson reads them, refused when they hold what a database column cannot
 * keep as sent: a NUL (PostgreSQL refuses it, H2 stores it) or an unpaired surrogate
 * (encoded to UTF-8 as {@code ?}). The client gets a 400 naming the field instead of a
 * 500 on one database and a silently changed value on another.
 * <p>
 * A text component of a record (the services' request bodies) takes only a JSON string:
 * {@code "item": 5} is refused as the wrong type rather than stored as {@code "5"}.
 * Elsewhere a number or boolean is still read as its text, because the actuator reads
 * each operation's JSON body as a map of text values ({@code /actuator/faults}'
 * {@code "failureRatio": 0.5} among them).
 */
final class StorableTextDeserializer extends StringDeserializer {

	static final String NOT_STORABLE = "contains a NUL character or an unpaired surrogate";

	/** Whether only a JSON string is text here. */
	private final boolean stringsOnly;

	StorableTextDeserializer() {
		this(false);
	}

	private StorableTextDeserializer(boolean stringsOnly) {
		this.stringsOnly = stringsOnly;
	}

	@Override
	public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
		boolean recordComponent = property != null && property.getMember() != null
				&& property.getMember().getDeclaringClass().isRecord();
		return (recordComponent == this.stringsOnly) ? this : new StorableTextDeserializer(recordComponent);
	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {
		JsonToken token = parser.currentToken();
		if (this.stringsOnly && token != null && (token.isNumeric() || token.isBoolean())) {
			return (String) context.handleUnexpectedToken(String.class, parser);
		}
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
