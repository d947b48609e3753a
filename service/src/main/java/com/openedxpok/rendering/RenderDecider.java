package com.openedxpok.rendering;

import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariDataSource;

import com.openedxpok.openedx.RenderContext;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.issuance.IssuanceTarget;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.OpenedxCourseFacts;
import com.openedxpok.openedx.RenderPathEnqueuer;
import com.openedxpok.openedx.RenderPathEnqueuer.ViewKind;
import com.openedxpok.pok.PokState;
import com.openedxpok.rendering.RenderOutcome.EmittedCertificate;
import com.openedxpok.rendering.RenderOutcome.Invalid;
import com.openedxpok.rendering.RenderOutcome.OpenedxPage;
import com.openedxpok.rendering.RenderOutcome.Preview;
import com.openedxpok.rendering.RenderOutcome.Status;
import com.openedxpok.rendering.RenderOutcome.Why;

/**
 * The decision table of the render webfilter, in one place (docs/architecture.md repeats it). Reads only our own
 * database: two indexed lookups, never a call to POK, so a view costs milliseconds and works while POK is down. Only
 * a view of a certificate we hold nothing for may ask the LMS (bounded and cached, see {@link #withoutCertificate}).
 */
@Component
class RenderDecider {

    private static final Logger log = LoggerFactory.getLogger(RenderDecider.class);

    private final CourseTemplateRepository templates;
    private final CertificateRepository certificates;
    /**
     * Whether a course's template is disabled, remembered for a few seconds: every view of a certificate asks, and
     * the answer changes only when an operator flips the switch (it then takes effect within this time).
     */
    private final Cache<String, Boolean> courseDisabled = Caffeine.newBuilder()
            .expireAfterWrite(COURSE_SWITCH_DELAY).maximumSize(10_000).build();
    static final Duration COURSE_SWITCH_DELAY = Duration.ofSeconds(30);

    /** What each course issues with, for views of certificates we hold nothing for; as fresh as the switch above. */
    private final Cache<String, Optional<IssuanceTarget>> courseTargets = Caffeine.newBuilder()
            .expireAfterWrite(COURSE_SWITCH_DELAY).maximumSize(10_000).build();

    private final RenderPathEnqueuer enqueuer;
    private final EligibilityPolicy eligibility;
    private final OpenedxCourseFacts courseFacts;
    /** Views wait for the database in arrival order (see {@link DatabaseTurns}). */
    private final DatabaseTurns databaseTurns;
    static final Duration TURN_TIMEOUT = Duration.ofSeconds(5);

    RenderDecider(CourseTemplateRepository templates, CertificateRepository certificates, RenderPathEnqueuer enqueuer,
            EligibilityPolicy eligibility, OpenedxCourseFacts courseFacts, DataSource dataSource) {
        this.templates = templates;
        this.certificates = certificates;
        this.enqueuer = enqueuer;
        this.eligibility = eligibility;
        this.courseFacts = courseFacts;
        int pool = dataSource instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() : 10;
        this.databaseTurns = DatabaseTurns.forPool(pool, TURN_TIMEOUT);
    }

    /** For a view through Open edX; the caller has checked that the user id and course key are usable. */
    RenderOutcome decide(long userId, CourseKey courseKey, RenderContext context) {
        Looked looked = databaseTurns.take(() -> decideWithDatabase(userId, courseKey, context));
        // Outside the database turn: classifying may wait a little for the LMS.
        return looked.outcome() != null ? looked.outcome()
                : withoutCertificate(userId, courseKey, context, looked.target());
    }

    /** @param outcome null when we hold no certificate; then {@code target} is what the course issues with */
    private record Looked(RenderOutcome outcome, Optional<IssuanceTarget> target) {
    }

    private Looked decideWithDatabase(long userId, CourseKey courseKey, RenderContext context) {
        boolean disabled = courseDisabled.get(courseKey.value(),
                key -> templates.findByCourse(courseKey).map(t -> !t.enabled()).orElse(false));
        if (disabled) {
            return new Looked(new OpenedxPage(Why.COURSE_NOT_ENABLED), null);
        }
        remember(courseKey, context);
        Optional<Certificate> certificate = certificates.findByLearnerAndCourse(userId, courseKey);
        if (certificate.isEmpty()) {
            return new Looked(null, courseTargets.get(courseKey.value(), key -> eligibility.target(courseKey)));
        }
        return new Looked(forCertificate(certificate.get()), null);
    }

    /**
     * Open edX shows a certificate we hold nothing for, in a course that issues POK certificates. Either a learner
     * whose certificate we missed (the creation webfilter was installed later), or course staff previewing the
     * certificate from Studio, for whom Open edX renders a certificate nobody earned. {@link RenderPathEnqueuer#classify}
     * tells them apart with the LMS API: a learner is queued (a durable check confirms the Open edX certificate) and
     * sees the status page; a preview shows the course's POK template as a labelled preview. Without the LMS API
     * nothing tells them apart and nothing can be queued: the preview is shown (learners who earned their
     * certificate before POK was enabled are brought in by a backfill).
     */
    private RenderOutcome withoutCertificate(long userId, CourseKey courseKey, RenderContext context,
            Optional<IssuanceTarget> target) {
        if (target.isEmpty()) {
            return new OpenedxPage(Why.NO_CERTIFICATE);
        }
        Preview preview = new Preview(courseKey, target.get(), mode(context.courseMode()));
        ViewKind kind = enqueuer.classify(userId, courseKey, context.username(), context.certificateIdNumber());
        return switch (kind) {
            case NO_LMS, PREVIEW -> preview;
            case PREVIEW_BY_A_CERTIFIED_VIEWER -> {
                // Staff who also passed the course: their own certificate is due all the same.
                enqueue(userId, courseKey, context);
                yield preview;
            }
            case LEARNER -> enqueue(userId, courseKey, context) ? new Status(null, StatusKind.QUEUED) : preview;
        };
    }

    private boolean enqueue(long userId, CourseKey courseKey, RenderContext context) {
        return databaseTurns.take(() -> enqueuer.enqueueIfCertified(userId, courseKey, context.username(),
                context.facts()));
    }

    /** Open edX's modes are short slugs; anything else is not put into a preview URL. */
    static String mode(String courseMode) {
        return courseMode != null && courseMode.matches("[A-Za-z0-9_-]{1,50}") ? courseMode : null;
    }

    /** The course's title, organization and signatories feed issuance; a failure here must not cost the view. */
    private void remember(CourseKey courseKey, RenderContext context) {
        try {
            courseFacts.remember(courseKey, context.facts());
        } catch (RuntimeException e) {
            log.debug("Could not remember the render context's course facts for {}: {}", courseKey,
                    e.getClass().getSimpleName());
        }
    }

    /** The part of the table that depends only on the stored certificate (also used by our standalone page). */
    static RenderOutcome forCertificate(Certificate certificate) {
        PokState pokState = PokState.of(certificate.pok().state());
        if (pokState.isFinalNotViewable()) {
            // POK's word that nothing will ever be shown wins over any status of ours.
            return new Invalid(certificate);
        }
        return switch (certificate.status()) {
            case REVOKED -> new Invalid(certificate);
            case EMITTED -> new EmittedCertificate(certificate);
            case QUEUED -> new Status(certificate, pokState.isWaitingForApproval() ? StatusKind.AWAITING_ACCEPTANCE
                    : StatusKind.QUEUED);
            case SUBMITTING, PROCESSING, RETRY_WAIT -> new Status(certificate,
                    pokState.isWaitingForApproval() ? StatusKind.AWAITING_ACCEPTANCE : StatusKind.IN_PROGRESS);
            case FAILED, HELD, UNCERTAIN -> new Status(certificate, StatusKind.BEING_PREPARED);
        };
    }
}
