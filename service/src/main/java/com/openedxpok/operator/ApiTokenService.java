package com.openedxpok.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.openedxpok.audit.AuditRepository;
import com.openedxpok.web.InvalidInputException;
import com.openedxpok.web.NotFoundException;

/**
 * REST API tokens: {@code pok_} and 40 random URL-safe characters (240 bits). Only their SHA-256 is stored: a token is
 * long and random, so a fast hash is enough (no dictionary to guess from), and it lets a request find its token by
 * an indexed lookup instead of checking every stored hash.
 */
@Service
public class ApiTokenService {

    public static final String PREFIX = "pok_";
    private static final int SHOWN_CHARACTERS = 9;
    /** last_used_at is a hint for operators, not an access log: one write a minute per token is plenty. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final AuditRepository audit;
    private final Clock clock;

    ApiTokenService(ApiTokenRepository tokens, AuditRepository audit, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public NewApiToken create(OperatorPrincipal owner, String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) {
            throw new InvalidInputException("Give the token a name of 1 to 100 characters (what uses it?)");
        }
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = tokens.insert(owner.id(), label, sha256(value), value.substring(0, SHOWN_CHARACTERS), clock.instant());
        audit.operator(owner.username(), "API_TOKEN_CREATED", label, "token " + value.substring(0, SHOWN_CHARACTERS)
                + "…");
        return new NewApiToken(tokens.findById(id).orElseThrow(), value);
    }

    /** An operator sees their own tokens; an administrator sees everyone's. */
    public List<ApiToken> visibleTo(OperatorPrincipal operator) {
        return operator.isAdmin() ? tokens.findAll() : tokens.findByOperator(operator.id());
    }

    @Transactional
    public void revoke(OperatorPrincipal operator, long id) {
        ApiToken token = tokens.findById(id).filter(t -> operator.isAdmin() || t.operatorId() == operator.id())
                .orElseThrow(() -> new NotFoundException("No API token " + id));
        if (tokens.revoke(id, clock.instant())) {
            audit.operator(operator.username(), "API_TOKEN_REVOKED", token.name(),
                    "token " + token.prefix() + "… of " + token.operator());
        }
    }

    /** Who a presented token acts for: empty when it is unknown, revoked, or its operator is disabled. */
    public Optional<OperatorPrincipal> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Optional.empty();
        }
        Optional<ApiTokenRepository.Match> match = tokens.findUsable(sha256(presented));
        match.ifPresent(m -> {
            Instant now = clock.instant();
            if (m.lastUsedAt() == null || m.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
                tokens.touch(m.tokenId(), now);
            }
        });
        return match.map(ApiTokenRepository.Match::operator);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
