package dev.o11ydemo.demoservice.addresses;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.Valve;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

import dev.o11ydemo.demoservice.ConditionalOnDemoServiceEnabled;

/**
 * Records each request's TCP peer ({@link ClientAddresses}), which the fault controls'
 * loopback rule and the per-client shares read. Not switchable on its own: without it the
 * fault controls refuse every caller that has no token, and every client shares one
 * share.
 */
@AutoConfiguration
@ConditionalOnDemoServiceEnabled
@ConditionalOnClass(Tomcat.class)
public final class ClientAddressAutoConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> peerAddressValve() {
		return new PeerAddressValveCustomizer();
	}

	/**
	 * Puts the valve first among the engine's, after Spring Boot's customizer has added
	 * its {@code RemoteIpValve} there.
	 */
	static final class PeerAddressValveCustomizer
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			List<Valve> valves = new ArrayList<>();
			valves.add(new PeerAddressValve());
			valves.addAll(factory.getEngineValves());
			factory.setEngineValves(valves);
		}

	}

}
