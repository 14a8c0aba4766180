package dev.o11ydemo.demoservice.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.demoservice.TestApplication.RecordingTerminator;
import dev.o11ydemo.testsupport.Http;
import dev.o11ydemo.testsupport.Scrape;

@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "demo.fault-routes.enabled=false", "observability.logging.access-log=false" })
class FaultRoutesDisabledTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingTerminator terminator;

	@ParameterizedTest
	@ValueSource(strings = { "/crash", "/serverError", "/notFound", "/example" })
	void faultRoutesAnswer404LikeAnyUnknownPath(String path) throws Exception {
		HttpResponse<String> fault = Http.get(url(path));
		HttpResponse<String> unknown = Http.get(url("/certainly-not-a-route"));
		assertThat(fault.statusCode()).isEqualTo(404);
		assertThat(Http.contentType(fault)).isEqualTo(Http.contentType(unknown));
		assertThat(fault.body()).isEqualTo(unknown.body().replace("/certainly-not-a-route", path));
		assertThat(this.terminator.statuses).isEmpty();
	}

	@Test
	void faultRoutesCountAsUnmatched() throws Exception {
		Http.get(url("/serverError"));
		Scrape scrape = Scrape.await(url("/metrics"),
				(candidate) -> candidate.has("http_requests_total", "path", "UNMATCHED"));
		assertThat(scrape.samples("http_requests_total"))
			.noneMatch((sample) -> sample.label("path").equals("/serverError"))
			.anyMatch((sample) -> sample.label("path").equals("UNMATCHED"));
	}

	@Test
	void commonRoutesStay() throws Exception {
		assertThat(Http.get(url("/healthy")).statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/logs")).statusCode()).isEqualTo(200);
	}

	private String url(String path) {
		return Http.loopback(this.port, path);
	}

}
