package com.openedxpok.reissue;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.kernel.Actor;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.EmittedLearnerReports;
import com.openedxpok.issuance.IssuanceQueue;
import com.openedxpok.certificate.Learner;
import com.openedxpok.issuance.OperatorActionService.NotAllowedException;
import com.openedxpok.kernel.EmissionType;

/**
 * The console's "needs re-issue" list: emitted certificates whose learner Open edX now names or addresses otherwise
 * than the credential does (a corrected name, a new email), reported by any request for the certificate (the creation
 * webfilter when Open edX regenerates it, a certificate event, a backfill reading the LMS API). The credential in POK
 * still carries the old values, so an operator re-issues it (a new credential with the new values: a blockchain one
 * spends a credit) or dismisses the entry. With {@code POK_REISSUE_ON_LEARNER_CHANGE=reissue-pok}, {@code pok}
 * emissions are re-issued at once and only blockchain ones wait on the list.
 *
 * <p>The history says which fields changed, never their values; the new values are kept on the entry only until it
 * is done, as the certificate itself keeps the learner's name and email.
 */
@Service
public class NeedsReissueList implements EmittedLearnerReports {

    private static final Logger log = LoggerFactory.getLogger(NeedsReissueList.class);
    public static final int MAX_ROWS = 500;

    private final JdbcClient jdbc;
    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final IssuanceQueue queue;
    private final ServiceConfig.LearnerChangePolicy policy;
    private final Clock clock;

    @Autowired
    public NeedsReissueList(JdbcClient jdbc, CertificateRepository certificates, CertificateLifecycle lifecycle,
            IssuanceQueue queue, ServiceConfig config, Clock clock) {
        this(jdbc, certificates, lifecycle, queue, config.issuance().learnerChange(), clock);
    }

    NeedsReissueList(JdbcClient jdbc, CertificateRepository certificates, CertificateLifecycle lifecycle,
            IssuanceQueue queue, ServiceConfig.LearnerChangePolicy policy, Clock clock) {
        this.jdbc = jdbc;
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * One certificate to re-issue.
     *
     * @param changed  {@code name}, {@code email} or {@code name and email}
     * @param newName  the name Open edX now gives, null when the name did not change
     * @param newEmail the email Open edX now gives, null when the email did not change
     */
    public record Item(Certificate certificate, String changed, String newName, String newEmail, String reportedBy,
            Instant reportedAt) {
    }

    private record Entry(long certificateId, String newName, String newEmail, String reportedBy, Instant reportedAt) {

        String changed() {
            return changedFields(newName, newEmail);
        }
    }

    @Override
    public void reported(Certificate emitted, Learner reported, String source) {
        if (emitted.status() != CertificateStatus.EMITTED) {
            return;
        }
        Learner issued = emitted.learner();
        String newName = hasText(reported.name()) && !reported.name().strip().equals(strip(issued.name()))
                ? reported.name().strip() : null;
        String newEmail = hasText(reported.email()) && !reported.email().strip().equalsIgnoreCase(strip(issued.email()))
                ? reported.email().strip() : null;
        if (newName == null && newEmail == null) {
            return;
        }
        Optional<Entry> open = open(emitted.id());
        if (open.isPresent() && Objects.equals(open.get().newName(), newName)
                && Objects.equals(open.get().newEmail(), newEmail)) {
            return; // Open edX repeats itself (an event after the webfilter): one entry, one history line.
        }
        String by = cut(source == null ? "Open edX" : source, 200);
        Instant now = clock.instant();
        // One row per certificate: a report after a done entry starts a new one, a report on an open one updates it.
        jdbc.sql("DELETE FROM reissue_needed WHERE certificate_id = :id AND done_at IS NOT NULL")
                .param("id", emitted.id()).update();
        int updated = jdbc.sql("UPDATE reissue_needed SET changed = :changed, new_name = :name, new_email = :email, "
                        + "reported_by = :by, reported_at = :now WHERE certificate_id = :id AND done_at IS NULL")
                .param("changed", changedFields(newName, newEmail)).param("name", newName).param("email", newEmail)
                .param("by", by).param("now", toDb(now)).param("id", emitted.id()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO reissue_needed (certificate_id, changed, new_name, new_email, reported_by, "
                            + "reported_at) VALUES (:id, :changed, :name, :email, :by, :now)")
                    .param("id", emitted.id()).param("changed", changedFields(newName, newEmail))
                    .param("name", newName).param("email", newEmail).param("by", by).param("now", toDb(now))
                    .update();
        }
        String changed = changedFields(newName, newEmail);
        lifecycle.note(emitted, Actor.OPENEDX, "LEARNER_CHANGED", "Open edX now gives the learner another " + changed
                + " than the emitted credential carries (" + by + "): listed under 'needs re-issue'");
        EmissionType type = emitted.pok().emissionType();
        if (policy == ServiceConfig.LearnerChangePolicy.REISSUE_POK && type == EmissionType.POK) {
            reissue(emitted.id(), Actor.SYSTEM, "re-issued automatically (POK_REISSUE_ON_LEARNER_CHANGE=reissue-pok)");
        }
    }

    /** Oldest first, at most {@link #MAX_ROWS}. */
    public List<Item> pending() {
        List<Item> items = new ArrayList<>();
        for (Entry e : jdbc.sql("SELECT certificate_id, new_name, new_email, reported_by, reported_at FROM "
                        + "reissue_needed WHERE done_at IS NULL ORDER BY reported_at, certificate_id LIMIT :limit")
                .param("limit", MAX_ROWS)
                .query((rs, n) -> new Entry(rs.getLong("certificate_id"), rs.getString("new_name"),
                        rs.getString("new_email"), rs.getString("reported_by"),
                        fromDb(rs.getObject("reported_at", LocalDateTime.class))))
                .list()) {
            certificates.findById(e.certificateId()).ifPresent(c -> items.add(new Item(c, e.changed(), e.newName(),
                    e.newEmail(), e.reportedBy(), e.reportedAt())));
        }
        return items;
    }

    public long pendingCount() {
        return jdbc.sql("SELECT COUNT(*) FROM reissue_needed WHERE done_at IS NULL").query(Long.class).single();
    }

    /**
     * Issues a new credential with the learner's new name and email. The previous credential stays in POK (its
     * revoke API is not known): revoke it there if it must not stay valid.
     *
     * @throws NotAllowedException when the certificate is not on the list or no longer emitted
     */
    @Transactional
    public Certificate reissue(long certificateId, String operator) {
        return reissue(certificateId, Actor.operator(operator), "re-issued by operator");
    }

    private Certificate reissue(long certificateId, String actor, String why) {
        Entry entry = open(certificateId).orElseThrow(() -> new NotAllowedException(
                "Certificate " + certificateId + " is not on the 'needs re-issue' list"));
        Certificate c = certificates.findById(certificateId).orElseThrow(() -> new NotAllowedException(
                "Certificate " + certificateId + " does not exist"));
        if (c.status() != CertificateStatus.EMITTED) {
            throw new NotAllowedException("Certificate " + certificateId + " is " + c.status().label()
                    + ", not emitted: dismiss the entry, or correct the learner on the certificate's page");
        }
        Learner old = c.learner();
        Learner learner = new Learner(old.userId(), old.username(), entry.newName() != null ? entry.newName()
                : old.name(), entry.newEmail() != null ? entry.newEmail() : old.email(), old.languageTag(), old.mode(),
                old.grade());
        String previous = c.pok().credentialId();
        Certificate requeued = lifecycle.requeue(c.withLearner(learner), actor, why + " with the learner's new "
                        + entry.changed() + "; the previous credential " + previous + " stays in POK", true)
                .orElseThrow(() -> new NotAllowedException(
                        "The certificate changed while you were looking at it; reload and try again"));
        queue.schedule(requeued.id(), clock.instant());
        close(certificateId, actor, "reissued");
        log.info("Certificate {} re-issued for the learner's new {} ({})", certificateId, entry.changed(), actor);
        return requeued;
    }

    /** The operator keeps the credential as it is. */
    @Transactional
    public void dismiss(long certificateId, String operator) {
        if (!close(certificateId, Actor.operator(operator), "dismissed")) {
            throw new NotAllowedException("Certificate " + certificateId + " is not on the 'needs re-issue' list");
        }
        certificates.findById(certificateId).ifPresent(c -> lifecycle.note(c, Actor.operator(operator),
                "REISSUE_DISMISSED", "the operator kept the credential with the learner's previous details"));
    }

    private boolean close(long certificateId, String actor, String outcome) {
        return jdbc.sql("UPDATE reissue_needed SET done_at = :now, done_by = :by, outcome = :outcome "
                        + "WHERE certificate_id = :id AND done_at IS NULL")
                .param("now", toDb(clock.instant())).param("by", cut(actor, 150)).param("outcome", outcome)
                .param("id", certificateId).update() == 1;
    }

    private Optional<Entry> open(long certificateId) {
        return jdbc.sql("SELECT certificate_id, new_name, new_email, reported_by, reported_at FROM reissue_needed "
                        + "WHERE certificate_id = :id AND done_at IS NULL")
                .param("id", certificateId)
                .query((rs, n) -> new Entry(rs.getLong("certificate_id"), rs.getString("new_name"),
                        rs.getString("new_email"), rs.getString("reported_by"),
                        fromDb(rs.getObject("reported_at", LocalDateTime.class))))
                .optional();
    }

    private static String changedFields(String newName, String newEmail) {
        return newName != null && newEmail != null ? "name and email" : newName != null ? "name" : "email";
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }

    private static String cut(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }
}
