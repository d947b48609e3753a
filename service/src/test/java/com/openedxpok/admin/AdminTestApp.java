package com.openedxpok.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application in demo mode (built-in POK simulator, in-memory H2) on a random port. Every admin test that
 * uses it shares one Spring context, so tests keep their data apart by their own usernames and course keys.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pok.api-key=", "pok.simulator-emit-delay=200ms"})
public @interface AdminTestApp {
}
