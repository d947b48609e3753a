package com.openedxpok.openedx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller that openedx-webhooks calls. Its errors are answered by {@link OpenedxEndpointAdvice}: always a
 * JSON object the plugin can read, never Spring's default error body.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface OpenedxEndpoint {
}
