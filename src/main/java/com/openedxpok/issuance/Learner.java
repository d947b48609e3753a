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
}
