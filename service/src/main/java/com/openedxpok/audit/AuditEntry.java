package com.openedxpok.audit;

import java.time.Instant;

/**
 * One line of the audit log: an operator action that is not about a single certificate (those are in the
 * certificate's own history).
 *
 * @param actor  {@code operator:<username>}, or {@code system}
 * @param action what was done, for example {@code COURSE_TEMPLATE_SAVED}
 * @param target what it was done to (a course key, an operator's name, a token's name)
 */
public record AuditEntry(long id, Instant occurredAt, String actor, String action, String target, String detail) {
}
