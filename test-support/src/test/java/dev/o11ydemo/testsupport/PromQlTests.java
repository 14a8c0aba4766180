package dev.o11ydemo.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTests {

	@Test
	void metricNamesAreTheSelectorsNamesAndNothingElse() {
		assertThat(PromQl.metricNames(
				"histogram_quantile(0.95, sum by (le, application) (rate(http_request_duration_seconds_bucket{path!~\"/a|b\"}[$__rate_interval]))) > 1 and up == 0"))
			.containsExactlyInAnyOrder("http_request_duration_seconds_bucket", "up");
		assertThat(PromQl.metricNames("jvm_memory_max_bytes{area=\"heap\"} > 0"))
			.containsExactly("jvm_memory_max_bytes");
		assertThat(PromQl.metricNames("count(x{a=\"b\"}) * 1e9 * $price or vector(0)")).containsExactly("x");
		assertThat(PromQl.metricNames("a * on (pod) group_left (team) b offset 5m unless c")).containsExactly("a", "b",
				"c");
	}

	@Test
	void eachSelectorKeepsItsMatchersAsWrittenStringsIncluded() {
		assertThat(PromQl.selectors("sum by (outcome) (rate(logins_total[$__rate_interval]))"))
			.containsExactly(new PromQl.Selector("logins_total", ""));
		assertThat(PromQl.selectors("up{cluster=~\"$cluster\"} * on (pod) kube_pod_info{pod!=\"{x}\"}"))
			.containsExactly(new PromQl.Selector("up", "cluster=~\"$cluster\""),
					new PromQl.Selector("kube_pod_info", "pod!=\"{x}\""));
		assertThat(PromQl.selectors("{__name__=~\"application:.+\"}"))
			.containsExactly(new PromQl.Selector(null, "__name__=~\"application:.+\""));
	}

}
