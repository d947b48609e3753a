package com.openedxpok.operator;

import java.security.SecureRandom;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import com.openedxpok.audit.AuditRepository;
import com.openedxpok.config.InvalidConfigurationException;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.kernel.Actor;

/**
 * The first administrator. {@code POK_ADMIN_USERNAME}/{@code POK_ADMIN_PASSWORD} create that operator if it does not
 * exist (an existing one is left as it is: its password may have been changed in the console since). In demo mode
 * without them, {@code admin} gets a generated password, printed once. Outside demo mode, a database without any
 * operator and no variables stops start-up: nobody could log in.
 *
 * <p>Runs after every singleton, so after Flyway, and before the web server accepts requests.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String DEMO_ADMIN = "admin";

    private final OperatorRepository operators;
    private final PasswordEncoder passwordEncoder;
    private final ServiceConfig config;
    private final AuditRepository audit;
    private final Clock clock;

    AdminBootstrap(OperatorRepository operators, PasswordEncoder passwordEncoder, ServiceConfig config, AuditRepository audit,
            Clock clock) {
        this.operators = operators;
        this.passwordEncoder = passwordEncoder;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ServiceConfig.Admin admin = config.admin();
        if (admin.username().isPresent()) {
            String username = admin.username().get();
            if (operators.findByUsername(username).isEmpty()) {
                create(username, admin.password().reveal());
                log.info("Created the administrator '{}' from POK_ADMIN_USERNAME", username);
            }
            return;
        }
        if (operators.count() > 0) {
            if (config.pok().demoMode() && operators.findByUsername(DEMO_ADMIN).isPresent()) {
                // Its password was printed once, at the first start; say where it went rather than nothing.
                log.info("DEMO MODE: the console user '{}' was created at the first start; its password was printed "
                        + "then (the WARN line \"DEMO MODE: created the console user\"). Lost it? docs/operations.md, "
                        + "\"Logging in\", says how to get in again.", DEMO_ADMIN);
            }
            return;
        }
        if (!config.pok().demoMode()) {
            throw new InvalidConfigurationException("POK_ADMIN_USERNAME",
                    "and POK_ADMIN_PASSWORD are required: there is no operator yet to log in to the console");
        }
        String password = randomPassword();
        if (create(DEMO_ADMIN, password)) {
            log.warn("DEMO MODE: created the console user '{}' with the password {} (shown only this once; change "
                    + "it under Account, or set POK_ADMIN_USERNAME and POK_ADMIN_PASSWORD)", DEMO_ADMIN, password);
        }
    }

    private boolean create(String username, String password) {
        try {
            operators.insert(username, passwordEncoder.encode(password), OperatorRole.ADMIN, clock.instant());
            audit.append(Actor.SYSTEM, "OPERATOR_CREATED", username, "first administrator, at start-up");
            return true;
        } catch (OperatorRepository.DuplicateUsernameException anotherInstanceWasFirst) {
            return false;
        }
    }

    /** 20 characters without look-alikes (no 0/O, 1/l/I), easy to copy from a log. */
    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
