package com.openedxpok.issuance;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.kernel.Actor;
import com.openedxpok.certificate.CertificateRepository;

/**
 * The console's "revoke in POK as well" list: certificates Open edX revoked after POK had (or may have had) their
 * credential. POK's revoke API is not known, so an operator revokes the credential in POK by hand and then marks it
 * done here; that is written in the certificate's history.
 */
@Service
public class RevokeInPokRepository {

    private final JdbcClient jdbc;
    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final Clock clock;

    public RevokeInPokRepository(JdbcClient jdbc, CertificateRepository certificates, CertificateLifecycle lifecycle,
            Clock clock) {
        this.jdbc = jdbc;
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /**
     * One certificate to revoke in POK.
     *
     * @param reason why (Open edX revoked it; the credential may or may not exist when the submission was uncertain)
     */
    public record Item(Certificate certificate, String reason, Instant requestedAt) {
    }

    /** Oldest first. The certificate's POK credential id (may be null for an uncertain submission) is on it. */
    public List<Item> pending(int limit) {
        return jdbc.sql("SELECT certificate_id, reason, requested_at FROM revoke_in_pok WHERE done_at IS NULL "
                        + "ORDER BY requested_at, certificate_id LIMIT :limit")
                .param("limit", limit)
                .query((rs, n) -> new Row(rs.getLong("certificate_id"), rs.getString("reason"),
                        fromDb(rs.getObject("requested_at", LocalDateTime.class))))
                .list().stream()
                .map(row -> certificates.findById(row.certificateId())
                        .map(c -> new Item(c, row.reason(), row.requestedAt())))
                .flatMap(Optional::stream)
                .toList();
    }

    private record Row(long certificateId, String reason, Instant requestedAt) {
    }

    public long pendingCount() {
        return jdbc.sql("SELECT COUNT(*) FROM revoke_in_pok WHERE done_at IS NULL").query(Long.class).single();
    }

    /** Puts a certificate on the list (once: a second revocation of the same certificate changes nothing). */
    public void add(long certificateId, String reason) {
        try {
            jdbc.sql("INSERT INTO revoke_in_pok (certificate_id, reason, requested_at) VALUES (:id, :reason, :now)")
                    .param("id", certificateId)
                    .param("reason", reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                    .param("now", toDb(clock.instant()))
                    .update();
        } catch (DuplicateKeyException alreadyListed) {
            // Open edX sent the revocation twice: one entry is what the operator needs.
        }
    }

    /**
     * The operator revoked the credential in POK.
     *
     * @return false when the certificate was not (or no longer) on the list
     */
    @Transactional
    public boolean markDone(long certificateId, String operator) {
        int updated = jdbc.sql("UPDATE revoke_in_pok SET done_at = :now, done_by = :operator "
                        + "WHERE certificate_id = :id AND done_at IS NULL")
                .param("now", toDb(clock.instant()))
                .param("operator", operator.length() > 150 ? operator.substring(0, 150) : operator)
                .param("id", certificateId)
                .update();
        if (updated == 1) {
            certificates.findById(certificateId).ifPresent(c -> lifecycle.note(c, Actor.operator(operator),
                    "REVOKED_IN_POK", "the operator revoked the credential in POK as well"));
        }
        return updated == 1;
    }
}
