package dev.o11ydemo.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFormatDefinerTests {

	@ParameterizedTest
	@CsvSource(nullValues = "null", value = { "plain,plain", "PLAIN,plain", " Plain ,plain", "json,json", "JSON,json",
			"null,json", "pretty,json" })
	void mapsTheSettingToAConsoleFormatFallingBackToJson(String setting, String appender) {
		LogFormatDefiner definer = new LogFormatDefiner();
		definer.setFormat(setting);
		assertThat(definer.getPropertyValue()).isEqualTo(appender);
	}

}
