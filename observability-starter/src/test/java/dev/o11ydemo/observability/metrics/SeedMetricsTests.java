package dev.o11ydemo.observability.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.observability.TestApplication;
import dev.o11ydemo.testsupport.ExternalTool;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Promtool;
import dev.o11ydemo.testsupport.Scrape;
import dev.o11ydemo.testsupport.Scrape.Sample;

@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SeedMetricsTests {

	private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0;q=0.5,"
			+ "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

	private static final Set<String> REQUEST_LABELS = Set.of("application", "method", "path", "status_code");

	@LocalServerPort
	int port;

	@BeforeEach
	void traffic() throws Exception {
		get("/healthy");
		get("/things/42?color=red");
		get("/things/43");
		get("/serverError");
		get("/notFound");
		get("/no/such/path");
		Scrape.await(url("/metrics"), (scrape) -> scrape.has("http_requests_total", "path", "UNMATCHED")
				&& scrape.has("http_requests_total", "path", "/notFound"));
	}

	@Test
	void scrapeIsClassicTextFormatByDefault() throws Exception {
		HttpResponse<String> response = get("/metrics");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("text/plain").contains("version=0.0.4");
		assertThat(response.body()).doesNotContain("# EOF");
	}

	@Test
	void scrapeIsOpenMetricsWhenTheScraperAsksForIt() throws Exception {
		HttpResponse<String> response = Http.get(url("/metrics"), OPENMETRICS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.contentType(response)).startsWith("application/openmetrics-text");
		assertThat(response.body()).endsWith("# EOF\n");
	}

	@Test
	void requestCounterHasTheOriginalNameTypeAndLabels() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.type("http_requests_total")).isEqualTo("counter");
		List<Sample> samples = scrape.samples("http_requests_total");
		assertThat(samples).isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.labelNames()).isEqualTo(REQUEST_LABELS));
		assertThat(find(samples, "/things/{id}", "200").value()).isGreaterThanOrEqualTo(2);
		assertThat(find(samples, "/serverError", "500").value()).isGreaterThanOrEqualTo(1);
		assertThat(find(samples, "/notFound", "404").value()).isGreaterThanOrEqualTo(1);
		assertThat(samples).allSatisfy((sample) -> assertThat(sample.label("path")).doesNotContain("?", "42", "43"));
	}

	@Test
	void durationHistogramHasTheOriginalBuckets() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.type("http_request_duration_seconds")).isEqualTo("histogram");
		List<Sample> buckets = scrape.samples("http_request_duration_seconds_bucket");
		assertThat(buckets).isNotEmpty();
		Set<String> withLe = new java.util.TreeSet<>(REQUEST_LABELS);
		withLe.add("le");
		assertThat(buckets).allSatisfy((sample) -> assertThat(sample.labelNames()).isEqualTo(withLe));
		List<String> bounds = buckets.stream()
			.filter((sample) -> "/things/{id}".equals(sample.label("path")))
			.map((sample) -> sample.label("le"))
			.toList();
		assertThat(bounds).extracting((le) -> "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le))
			.containsExactly(0.1, 0.5, 1.0, 5.0, 10.0, Double.POSITIVE_INFINITY);
		assertThat(scrape.samples("http_request_duration_seconds_count")).isNotEmpty();
		assertThat(scrape.samples("http_request_duration_seconds_sum")).isNotEmpty();
	}

	@Test
	void durationSummaryHasTheOriginalQuantiles() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.type("http_request_duration_summary_seconds")).isEqualTo("summary");
		List<Sample> quantiles = scrape.samples("http_request_duration_summary_seconds")
			.stream()
			.filter((sample) -> "/things/{id}".equals(sample.label("path")))
			.toList();
		assertThat(quantiles).extracting((sample) -> Double.parseDouble(sample.label("quantile")))
			.containsExactlyInAnyOrder(0.5, 0.9, 0.99);
		assertThat(quantiles.get(0).labelNames()).containsExactlyInAnyOrder("application", "method", "path",
				"status_code", "quantile");
		assertThat(scrape.samples("http_request_duration_summary_seconds_count")).isNotEmpty();
	}

	@Test
	void unmatchedRequestsShareOneFixedPathLabel() throws Exception {
		List<Sample> samples = scrape().samples("http_requests_total");
		assertThat(find(samples, "UNMATCHED", "404").value()).isGreaterThanOrEqualTo(1);
		assertThat(samples).noneMatch((sample) -> sample.label("path").contains("no/such"));
	}

	@Test
	void randomUnknownPathsAddNoSeries() throws Exception {
		Set<String> before = seriesKeys(scrape());
		for (int i = 0; i < 1000; i++) {
			HttpResponse<String> response = get("/scan/" + UUID.randomUUID() + "?q=" + i);
			assertThat(response.statusCode()).isEqualTo(404);
		}
		Set<String> after = seriesKeys(scrape());
		assertThat(after).containsExactlyInAnyOrderElementsOf(before);
	}

	@Test
	void inventedMethodsShareOneMethodLabelAndAddNoSeries() throws Exception {
		Http.send("BREW", url("/things/1"));
		Set<String> before = seriesKeys(scrape());
		for (int i = 0; i < 200; i++) {
			HttpResponse<String> response = Http.send("M" + UUID.randomUUID().toString().replace("-", "").toUpperCase(),
					url("/things/" + i));
			assertThat(response.statusCode()).isEqualTo(405);
		}
		Scrape scrape = scrape();
		assertThat(seriesKeys(scrape)).containsExactlyInAnyOrderElementsOf(before);
		assertThat(scrape.samples("http_requests_total")).anySatisfy((sample) -> {
			assertThat(sample.label("method")).isEqualTo("UNKNOWN");
			assertThat(sample.label("path")).isEqualTo("UNMATCHED");
		}).noneMatch((sample) -> sample.label("method").startsWith("M") || sample.label("method").equals("BREW"));
	}

	private static Set<String> seriesKeys(Scrape scrape) {
		// JVM series come and go with GC activity (a new pause cause, a new memory pool),
		// not with requests.
		return scrape.samples()
			.stream()
			.filter((sample) -> !sample.name().startsWith("jvm_"))
			.map((sample) -> sample.name() + sample.labels())
			.collect(java.util.stream.Collectors.toSet());
	}

	@Test
	void everySeriesCarriesTheServiceName() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.samples()).isNotEmpty()
			.allSatisfy(
					(sample) -> assertThat(sample.label("application")).as(sample.name()).isEqualTo("test-service"));
	}

	@Test
	void springJvmAndProcessMetricsStay() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.type("http_server_requests_seconds")).isNotNull();
		assertThat(scrape.samples("http_server_requests_seconds_count")).isNotEmpty();
		assertThat(scrape.samplesStartingWith("jvm_memory_used_bytes")).isNotEmpty();
		assertThat(scrape.samplesStartingWith("process_cpu_usage")).isNotEmpty();
		assertThat(scrape.samplesStartingWith("process_start_time_seconds")).isNotEmpty();
	}

	@Test
	void textScrapePassesPromtoolCheckMetrics() throws Exception {
		ExternalTool.Result result = Promtool.run(get("/metrics").body(), "check", "metrics");
		// promtool exits 1 when the scrape does not parse, 3 when it parses but has lint
		// findings.
		assertThat(result.exitCode()).as(result.output()).isIn(0, 3);
		List<String> seedFindings = result.output()
			.lines()
			.filter((line) -> line.startsWith("http_request"))
			.filter((line) -> !line.startsWith("http_server_requests"))
			.toList();
		// The original's names contain their type; dashboards query them, so they stay,
		// and that lint with them.
		assertThat(seedFindings).containsExactlyInAnyOrder(
				"http_request_duration_summary_seconds metric name should not include type 'summary'",
				"http_request_duration_summary_seconds_max metric name should not include type 'summary'");
	}

	@Test
	void openMetricsHistogramCarriesTheCurrentTraceAsExemplar() throws Exception {
		// The Prometheus client samples exemplars at most every 90 ms, so send traced
		// requests until one is taken.
		Set<String> sentTraceIds = new java.util.HashSet<>();
		List<Sample> withExemplar = List.of();
		for (int attempt = 0; attempt < 50 && withExemplar.isEmpty(); attempt++) {
			HttpResponse<String> traced = Http.getWithHeader(url("/things/exemplar"), TestApplication.TRACE_HEADER,
					"1");
			sentTraceIds.add(traced.headers().firstValue("X-Trace-Id").orElseThrow());
			Scrape scrape = Scrape.parse(Http.get(url("/metrics"), OPENMETRICS).body());
			withExemplar = scrape.samples("http_request_duration_seconds_bucket")
				.stream()
				.filter((sample) -> "/things/{id}".equals(sample.label("path")))
				.filter((sample) -> sentTraceIds.contains(sample.exemplar().get("trace_id")))
				.toList();
			Thread.sleep(100);
		}
		assertThat(withExemplar).isNotEmpty();
		assertThat(withExemplar.get(0).exemplar().get("span_id")).matches("[0-9a-f]{16}");
	}

	@Test
	void exemplarsAppearOnlyWhereOpenMetricsAllowsThem() throws Exception {
		// Prometheus refuses the whole scrape over one exemplar on a _count or a summary
		// quantile.
		for (int i = 0; i < 5; i++) {
			Http.getWithHeader(url("/things/" + i), TestApplication.TRACE_HEADER, "1");
			Thread.sleep(100);
		}
		Scrape scrape = Scrape.parse(Http.get(url("/metrics"), OPENMETRICS).body());
		List<Sample> withExemplars = scrape.samples()
			.stream()
			.filter((sample) -> !sample.exemplar().isEmpty())
			.toList();
		assertThat(withExemplars).isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.name()).matches(".*(_bucket|_total)"));
	}

	@Test
	void untracedRequestsCarryNoExemplar() throws Exception {
		Scrape scrape = Scrape.parse(Http.get(url("/metrics"), OPENMETRICS).body());
		assertThat(scrape.samples("http_request_duration_seconds_bucket")
			.stream()
			.filter((sample) -> "/healthy".equals(sample.label("path")))
			.filter((sample) -> !sample.exemplar().isEmpty())).isEmpty();
	}

	private static Sample find(List<Sample> samples, String path, String status) {
		return samples.stream()
			.filter((sample) -> path.equals(sample.label("path")) && status.equals(sample.label("status_code")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no series for " + path + " " + status + " in " + samples));
	}

	private Scrape scrape() throws Exception {
		return Scrape.parse(get("/metrics").body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return Http.get(url(path));
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
