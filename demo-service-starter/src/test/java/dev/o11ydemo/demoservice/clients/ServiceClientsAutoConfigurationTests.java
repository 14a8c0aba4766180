package dev.o11ydemo.demoservice.clients;

import static org.assertj.core.api.Assertions.assertThat;

import feign.hc5.ApacheHttp5Client;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.openfeign.clientconfig.HttpClient5FeignConfiguration.HttpClientBuilderCustomizer;
import org.springframework.test.util.ReflectionTestUtils;

class ServiceClientsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServiceClientsAutoConfiguration.class))
		.withBean(HttpClientConnectionManager.class, () -> PoolingHttpClientConnectionManagerBuilder.create().build());

	@Test
	void retriesCallsOnClosedPooledConnectionsByDefault() {
		this.runner.run((context) -> {
			HttpClientBuilder builder = HttpClientBuilder.create();
			context.getBean("closedConnectionRetry", HttpClientBuilderCustomizer.class).customize(builder);
			assertThat(ReflectionTestUtils.getField(builder, "retryStrategy"))
				.isInstanceOf(ClosedConnectionRetryStrategy.class);
		});
	}

	@Test
	void switchedOffByItsProperty() {
		this.runner.withPropertyValues("demo.service-clients.retry-closed-connections=false")
			.run((context) -> assertThat(context).doesNotHaveBean("closedConnectionRetry"));
	}

	@Test
	void switchedOffWithTheRestOfTheStarter() {
		this.runner.withPropertyValues("demo.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("closedConnectionRetry"));
	}

	@Test
	void absentWithoutFeignsApacheHttpClient5() {
		this.runner.withClassLoader(new FilteredClassLoader(ApacheHttp5Client.class))
			.run((context) -> assertThat(context).doesNotHaveBean("closedConnectionRetry"));
	}

	@Test
	void aServiceMayReplaceIt() {
		HttpClientBuilderCustomizer own = (builder) -> {
		};
		this.runner.withBean("closedConnectionRetry", HttpClientBuilderCustomizer.class, () -> own)
			.run((context) -> assertThat(context.getBean("closedConnectionRetry")).isSameAs(own));
	}

}
