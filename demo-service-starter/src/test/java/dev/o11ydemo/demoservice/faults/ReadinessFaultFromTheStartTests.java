package dev.o11ydemo.demoservice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.testsupport.Http;

/**
 * {@code DEMO_FAULTS_READY=false} keeps a service out of its load balancer from the
 * start: Spring Boot's own "accepting traffic" at the end of the start does not undo it,
 * nor does a reset (it restores that default); a change to ready does.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "demo.faults.ready=false")
class ReadinessFaultFromTheStartTests {

	@LocalServerPort
	int port;

	@Test
	void readinessFailsFromTheStartUntilTheReset() throws Exception {
		assertThat(Http.get(Http.loopback(this.port, "/actuator/health/readiness")).statusCode()).isEqualTo(503);
		assertThat(Http.get(Http.loopback(this.port, "/actuator/health/liveness")).statusCode()).isEqualTo(200);
		// The defaults are what a reset restores: still refusing.
		Http.send("DELETE", Http.loopback(this.port, "/actuator/faults"));
		assertThat(Http.get(Http.loopback(this.port, "/actuator/health/readiness")).statusCode()).isEqualTo(503);
		assertThat(Http.postJson(Http.loopback(this.port, "/actuator/faults"), "{\"ready\":true}").statusCode())
			.isEqualTo(200);
		assertThat(Http.get(Http.loopback(this.port, "/actuator/health/readiness")).statusCode()).isEqualTo(200);
	}

}
