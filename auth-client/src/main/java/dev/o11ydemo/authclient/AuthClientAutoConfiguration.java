package dev.o11ydemo.authclient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Bean;

/**
 * Bearer-token checks at auth-service for the services that serve a user's data: an
 * {@link Authenticator} backed by a Feign client of auth-service's introspection route,
 * which authenticates with this service's client credential
 * ({@link AuthClientProperties}). Off with {@code auth-client.enabled=false}; a service
 * may supply its own {@link Authenticator}.
 */
@AutoConfiguration
@ConditionalOnClass(FeignClient.class)
@ConditionalOnBooleanProperty(prefix = "auth-client", name = "enabled", matchIfMissing = true)
@EnableFeignClients(clients = AuthClient.class)
@EnableConfigurationProperties(AuthClientProperties.class)
public final class AuthClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Authenticator authenticator(AuthClient auth, AuthClientProperties properties) {
		return new Authenticator(auth, properties.authorization());
	}

}
