package com.openedxpok.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Controller;

/**
 * A controller of the operator console. Each feature keeps its console controller in its own package; this mark, not
 * a package, is what the console's model attributes (the DEMO badge, the logged-in operator) are scoped by.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Controller
public @interface ConsoleController {
}
