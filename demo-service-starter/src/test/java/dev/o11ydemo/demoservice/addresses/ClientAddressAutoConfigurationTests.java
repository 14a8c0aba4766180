package dev.o11ydemo.demoservice.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

class ClientAddressAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClientAddressAutoConfiguration.class));

	@Test
	void putsThePeerValveAheadOfRemoteIpValve() {
		this.runner.run((context) -> {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
			// Where Spring Boot's own customizer puts it on Kubernetes.
			factory.addEngineValves(new RemoteIpValve());
			context.getBean(ClientAddressAutoConfiguration.PeerAddressValveCustomizer.class).customize(factory);
			assertThat(factory.getEngineValves()).hasSize(2).first().isInstanceOf(PeerAddressValve.class);
		});
	}

	@Test
	void switchedOffWithTheRestOfTheStarter() {
		this.runner.withPropertyValues("demo.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("peerAddressValve"));
	}

	@Test
	void absentWithoutTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).doesNotHaveBean("peerAddressValve"));
	}

}
