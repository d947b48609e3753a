package com.openedxpok.admin.security;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import com.openedxpok.admin.AuditLog;

/**
 * Checks a console login. Written out rather than Spring's DaoAuthenticationProvider because the order matters here:
 * the lockout is checked first and the password before "disabled", so that nobody learns anything about an account
 * without its password, and an unknown name costs the same bcrypt time as a known one.
 */
@Component
public class OperatorAuthenticationProvider implements AuthenticationProvider {

    private final OperatorRepository operators;
    private final PasswordEncoder passwordEncoder;
    private final LoginLockout lockout;
    private final AuditLog audit;
    private final String dummyHash;

    public OperatorAuthenticationProvider(OperatorRepository operators, PasswordEncoder passwordEncoder,
            LoginLockout lockout, AuditLog audit) {
        this.operators = operators;
        this.passwordEncoder = passwordEncoder;
        this.lockout = lockout;
        this.audit = audit;
        this.dummyHash = passwordEncoder.encode("no operator has this password " + System.nanoTime());
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName() == null ? "" : authentication.getName().strip();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        if (lockout.lockedUntil(username).isPresent()) {
            throw new LockedException("Too many failed logins: try again in a few minutes");
        }
        Optional<Operator> operator = operators.findByUsername(username);
        String hash = operator.flatMap(o -> operators.passwordHash(username)).orElse(dummyHash);
        if (!passwordEncoder.matches(password, hash) || operator.isEmpty()) {
            lockout.failed(username, operator);
            throw new BadCredentialsException("Wrong username or password");
        }
        if (!operator.get().enabled()) {
            throw new DisabledException("This account is disabled");
        }
        lockout.succeeded(operator.get());
        if (passwordEncoder.upgradeEncoding(hash)) {
            operators.setPasswordHash(operator.get().id(), passwordEncoder.encode(password), java.time.Instant.now());
        }
        audit.operator(username, "LOGIN", username, null);
        OperatorPrincipal principal = new OperatorPrincipal(operator.get().id(), username, operator.get().role());
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
