package com.openedxpok.operator;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import com.openedxpok.audit.AuditRepository;

/**
 * Checks a console login. Written out rather than Spring's DaoAuthenticationProvider because the order matters here:
 * an attempt is reserved in the lockout first (atomically, so parallel requests cannot check more passwords than the
 * limit), the password is checked before "disabled", so that nobody learns anything about an account without its
 * password, and an unknown name costs the same bcrypt time as a known one.
 */
@Component
public class OperatorAuthenticationProvider implements AuthenticationProvider {

    private final OperatorRepository operators;
    private final PasswordEncoder passwordEncoder;
    private final LoginLockout lockout;
    private final AuditRepository audit;
    private final String dummyHash;

    public OperatorAuthenticationProvider(OperatorRepository operators, PasswordEncoder passwordEncoder,
            LoginLockout lockout, AuditRepository audit) {
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
        // The connection's address (the servlet's getRemoteAddr(), which trusted proxies' headers may set).
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        Optional<Operator> operator = operators.findByUsername(username);
        LoginLockout.Attempt attempt = lockout.reserve(username, address, operator)
                .orElseThrow(() -> new LockedException("Too many failed logins: try again later"));
        boolean settled = false;
        try {
            String hash = operator.flatMap(o -> operators.passwordHash(username)).orElse(dummyHash);
            if (!passwordEncoder.matches(password, hash) || operator.isEmpty()) {
                settled = true;
                lockout.failed(attempt);
                throw new BadCredentialsException("Wrong username or password");
            }
            if (!operator.get().enabled()) {
                settled = true;
                lockout.release(attempt);
                throw new DisabledException("This account is disabled");
            }
            settled = true;
            if (!lockout.succeeded(attempt)) {
                // Parallel wrong passwords locked the account while this one was checked: the lock wins.
                throw new LockedException("Too many failed logins: try again later");
            }
            if (passwordEncoder.upgradeEncoding(hash)) {
                operators.setPasswordHash(operator.get().id(), passwordEncoder.encode(password), java.time.Instant.now());
            }
        } finally {
            if (!settled) {
                // Something failed before the outcome was counted: count it as a failure, so that no reservation
                // stays taken without ever leading to a lock.
                lockout.failed(attempt);
            }
        }
        audit.operator(username, "LOGIN", username, "from " + attempt.address());
        OperatorPrincipal principal = new OperatorPrincipal(operator.get().id(), username, operator.get().role());
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
