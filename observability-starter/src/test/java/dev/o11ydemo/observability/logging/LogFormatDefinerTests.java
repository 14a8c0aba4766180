package dev.o11ydemo.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFormatDefinerTests {

	@ParameterizedTest
	@CsvSource(nullValues = "null", value = { "plain,PLAIN", "PLAIN,PLAIN", " Plain ,PLAIN", "json,JSON",
			"JSON,JSON", "null,JSON", "pretty,JSON" })
	void mapsTheSettingToAnAppenderFallingBackToJson(String setting, String appender) {
		LogFormatDefiner definer = new LogFormatDefiner();
		definer.setFormat(setting);
		assertThat(definer.getPropertyValue()).isEqualTo(appender);
	}

}
