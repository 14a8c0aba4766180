package dev.o11ydemo.observability;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;

/**
 * Applies when the application is a servlet web application and
 * {@code observability.enabled} is not {@code false}: the condition every part of the
 * shared auto-configuration starts from.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(prefix = "observability", name = "enabled", matchIfMissing = true)
public @interface ConditionalOnObservabilityEnabled {

}
