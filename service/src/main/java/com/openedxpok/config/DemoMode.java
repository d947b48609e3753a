package com.openedxpok.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Demo mode is "no POK API key": the service then talks to its built-in simulator. These conditions let beans exist
 * in one mode only, decided from the same property {@link ServiceConfigLoader} reads.
 */
public final class DemoMode {

    private DemoMode() {
    }

    static boolean active(ConditionContext context) {
        String key = context.getEnvironment().getProperty("pok.api-key");
        return key == null || key.isBlank();
    }

    /** Matches without a POK API key. */
    public static final class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return active(context);
        }
    }

    /** Matches with a POK API key (the real POK). */
    public static final class Off implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !active(context);
        }
    }
}
