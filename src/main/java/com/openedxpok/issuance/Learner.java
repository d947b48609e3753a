package com.openedxpok.issuance;

import java.math.BigDecimal;

/**
 * What we keep of the learner who receives a certificate: only the fields POK needs. Read at the boundary from the
 * Open edX payload; everything else Open edX sends (password hash first of all) is never kept.
 */
public record Learner(
        long userId,
        String username,
        String name,
        String email,
        String languageTag,
        String mode,
        BigDecimal grade) {

    /**
     * This learner completed with a newer request's data: what the newer one says wins, what it does not say is kept
     * (an event carries no language, a lazy creation request no email).
     */
    public Learner updatedWith(Learner newer) {
        return new Learner(userId, or(newer.username, username), or(newer.name, name), or(newer.email, email),
                or(newer.languageTag, languageTag), or(newer.mode, mode), newer.grade != null ? newer.grade : grade);
    }

    private static String or(String newer, String older) {
        return newer != null && !newer.isBlank() ? newer : older;
    }
}
