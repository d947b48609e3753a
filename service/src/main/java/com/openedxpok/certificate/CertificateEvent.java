package com.openedxpok.certificate;

import java.time.Instant;

/**
 * One line of a certificate's append-only history.
 *
 * @param actor who or what did it: {@code openedx}, {@code worker}, {@code operator:alice}, …
 * @param kind  what happened, for example {@code REQUESTED}, {@code SUBMITTED}, {@code TRANSITION}
 */
public record CertificateEvent(
        long id,
        long certificateId,
        Instant occurredAt,
        String actor,
        String kind,
        CertificateStatus fromStatus,
        CertificateStatus toStatus,
        String detail) {

    public static final int MAX_DETAIL = 2000;

    public static CertificateEvent of(long certificateId, Instant at, String actor, String kind,
            CertificateStatus from, CertificateStatus to, String detail) {
        return new CertificateEvent(0, certificateId, at, actor, kind, from, to, detail);
    }
}
