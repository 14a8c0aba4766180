package dev.o11ydemo.demoservice.problems;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.o11ydemo.demoservice.TestApplication;
import dev.o11ydemo.testsupport.RawHttp;

/**
 * Requests that Tomcat or Spring Boot's error page answer before any route runs, sent
 * byte for byte over a real socket: each gets a 4xx RFC 9457 problem, never Tomcat's HTML
 * page, Spring Boot's JSON map or an empty body.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ErrorPagesTests {

	private static final String BIG = "a".repeat(20_000);

	@LocalServerPort
	int port;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					space in the target        | GET /a b HTTP/1.1                           |                                      | 400
					bad percent-encoding       | GET /%zz HTTP/1.1                           |                                      | 400
					encoded NUL                | GET /things/%00 HTTP/1.1                    |                                      | 400
					encoded slash              | GET /things%2F1 HTTP/1.1                    |                                      | 400
					invalid UTF-8 in the path  | GET /%ff%fe HTTP/1.1                        |                                      | 400
					dot segments above root    | GET /../../etc/passwd HTTP/1.1              |                                      | 400
					method with a bad char     | G@T / HTTP/1.1                              |                                      | 400
					unknown protocol version   | GET / HTTP/9.9                              |                                      | 400
					oversized URL              | GET /BIG HTTP/1.1                           |                                      | 400
					oversized header           | GET / HTTP/1.1                              | X-Big: BIG                           | 400
					oversized bearer token     | GET /things/1 HTTP/1.1                      | Authorization: Bearer BIG            | 400
					control char in a header   | GET / HTTP/1.1                              | X-A: a\u0001b                        | 400
					header name with a space   | GET / HTTP/1.1                              | Bad Header: v                        | 400
					bad Content-Length         | POST /things HTTP/1.1                       | Content-Length: abc                  | 400
					CONNECT                    | CONNECT /things/1 HTTP/1.1                  |                                      | 405
					TRACE                      | TRACE /things/1 HTTP/1.1                    |                                      | 405
					unknown method             | BREW /things/1 HTTP/1.1                     |                                      | 405
					unparseable Accept         | GET /things/1 HTTP/1.1                      | Accept: ;;;                          | 400
					bad q in Accept            | GET /nowhere HTTP/1.1                       | Accept: */*;q=abc                    | 400
					multipart with no boundary | POST /things HTTP/1.1                       | Content-Type: multipart/form-data    | 415
					the error page asked for   | GET /error HTTP/1.1                         |                                      | 404
					""")
	void answersAProblem(String label, String requestLine, String header, int status) throws Exception {
		String request = requestLine.replace("BIG", BIG) + "\r\nHost: localhost\r\n"
				+ ((header != null) ? header.replace("BIG", BIG).replace("\\u0001", "\u0001") + "\r\n" : "")
				+ "Connection: close\r\n\r\n";
		RawHttp.Answer answer = RawHttp.exchange(this.port, request);
		assertThat(answer.status()).as(answer.text()).isEqualTo(status);
		assertThat(answer.contentType()).as(answer.text()).startsWith("application/problem+json");
		assertThat(answer.body()).contains("\"status\":" + status)
			.doesNotContain("<html", "<!doctype", "Exception", "\tat ", "timestamp");
	}

}
