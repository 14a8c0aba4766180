package dev.o11ydemo.authclient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;

class AuthClientAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
						FeignAutoConfiguration.class, AuthClientAutoConfiguration.class))
		.withPropertyValues("spring.cloud.openfeign.client.config.auth-service.url=http://127.0.0.1:9");

	@Test
	void enabledByDefault() {
		this.runner
			.run((context) -> assertThat(context).hasSingleBean(Authenticator.class).hasSingleBean(AuthClient.class));
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("auth-client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Authenticator.class)
				.doesNotHaveBean(AuthClient.class));
	}

	@Test
	void backsOffWithoutOpenFeign() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(AuthClientAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.cloud.openfeign"))
			.run((context) -> assertThat(context).doesNotHaveBean(Authenticator.class));
	}

	@Test
	void aServiceMayReplaceTheAuthenticator() {
		Authenticator own = new Authenticator(null, null);
		this.runner.withBean(Authenticator.class, () -> own)
			.run((context) -> assertThat(context.getBean(Authenticator.class)).isSameAs(own));
	}

}
