package com.openedxpok.operator;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.openedxpok.audit.AuditRepository;
import com.openedxpok.web.InvalidInputException;
import com.openedxpok.web.NotFoundException;

/** Operators: administrators add, disable, enable and unlock them; everyone changes their own password. */
@Service
public class OperatorService {

    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,150}");

    private final OperatorRepository operators;
    private final PasswordEncoder passwordEncoder;
    private final AuditRepository audit;
    private final Clock clock;

    public OperatorService(OperatorRepository operators, PasswordEncoder passwordEncoder, AuditRepository audit, Clock clock) {
        this.operators = operators;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Operator> list() {
        return operators.findAll();
    }

    @Transactional
    public Operator create(String actor, String username, String password, OperatorRole role) {
        String name = username == null ? "" : username.strip();
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidInputException("A username is 1 to 150 letters, digits or . _ @ + -");
        }
        checkPassword(password);
        try {
            Operator created = operators.insert(name, passwordEncoder.encode(password),
                    role == null ? OperatorRole.OPERATOR : role, clock.instant());
            audit.operator(actor, "OPERATOR_CREATED", name, "role " + created.role());
            return created;
        } catch (OperatorRepository.DuplicateUsernameException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    @Transactional
    public Operator setEnabled(String actor, String username, boolean enabled) {
        Operator operator = operators.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No operator '" + username + "'"));
        if (!enabled && operator.username().equals(actor)) {
            throw new InvalidInputException("You cannot disable your own account");
        }
        if (!enabled && operator.role() == OperatorRole.ADMIN && operator.enabled()
                && operators.countEnabledAdmins() <= 1) {
            throw new InvalidInputException("This is the last enabled administrator");
        }
        if (operator.enabled() != enabled) {
            operators.setEnabled(operator.id(), enabled, clock.instant());
            audit.operator(actor, enabled ? "OPERATOR_ENABLED" : "OPERATOR_DISABLED", username, null);
        }
        return operators.findById(operator.id()).orElseThrow();
    }

    /**
     * Clears every login lock of the operator (account-wide and per address) and its counts of failed logins: the
     * owner can log in again from anywhere, until the next round of failures.
     */
    @Transactional
    public Operator unlock(String actor, String username) {
        Operator operator = operators.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No operator '" + username + "'"));
        operators.unlock(operator.id());
        audit.operator(actor, "OPERATOR_UNLOCKED", username, operator.lockedUntil() == null ? null
                : "was locked until " + operator.lockedUntil());
        return operators.findById(operator.id()).orElseThrow();
    }

    @Transactional
    public void changePassword(String username, String currentPassword, String newPassword) {
        Operator operator = operators.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No operator '" + username + "'"));
        String hash = operators.passwordHash(username).orElseThrow();
        if (currentPassword == null || !passwordEncoder.matches(currentPassword, hash)) {
            throw new InvalidInputException("The current password is not right");
        }
        checkPassword(newPassword);
        operators.setPasswordHash(operator.id(), passwordEncoder.encode(newPassword), clock.instant());
        audit.operator(username, "PASSWORD_CHANGED", username, null);
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("A password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > 200) {
            throw new InvalidInputException("A password has at most 200 characters");
        }
    }
}
