package dev.o11ydemo.demoservice.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Which address a fair share is counted against: behind a proxy the one the proxy
 * appended, never one a client wrote further left; a public peer is its own client.
 */
class ClientAddressesTests {

	@ParameterizedTest(name = "peer {0}, last X-Forwarded-For {1}: {2}")
	@CsvSource({ "10.0.3.7, 198.51.100.4, 198.51.100.4", "127.0.0.1, 198.51.100.4, 198.51.100.4",
			"100.64.0.9, 2001:db8::1, 2001:db8:0:0:0:0:0:1", "fd12::5, 198.51.100.4, 198.51.100.4",
			"198.51.100.20, 203.0.113.9, 198.51.100.20", "10.0.3.7, not-an-address, 10.0.3.7",
			"10.0.3.7, localhost, 10.0.3.7", "127.0.0.1, '', 127.0.0.1" })
	void theClientIsTheAddressTheProxyNextToTheServiceSaw(String peer, String lastForwardedFor, String client) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setAttribute(ClientAddresses.PEER_ATTRIBUTE, peer);
		request.setAttribute(ClientAddresses.LAST_FORWARDED_FOR_ATTRIBUTE, lastForwardedFor);
		assertThat(ClientAddresses.client(request)).isEqualTo(client);
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "example.com", "127.1", "0x7f.0.0.1", "127.0.0.01", "1.2.3.4.5", "::g",
			"999.1.1.1", "" })
	void namesAndOddSpellingsAreNoAddress(String text) {
		assertThat(ClientAddresses.literal(text)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "127.0.0.1, true", "::1, true", "[::1], true", "::ffff:127.0.0.1, true", "10.0.0.1, false",
			"192.0.2.1, false" })
	void loopbackLiteralsAreRecognised(String text, boolean loopback) {
		assertThat(ClientAddresses.literal(text))
			.hasValueSatisfying((address) -> assertThat(address.isLoopbackAddress()).as(text).isEqualTo(loopback));
	}

}
