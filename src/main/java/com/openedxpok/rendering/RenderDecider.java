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

import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.issuance.Certificate;
import com.openedxpok.issuance.CertificateRepository;
import com.openedxpok.openedx.CourseKey;
import com.openedxpok.openedx.OpenedxCourseFacts;
import com.openedxpok.openedx.RenderPathEnqueuer;
import com.openedxpok.pok.PokState;
import com.openedxpok.rendering.RenderOutcome.EmittedCertificate;
import com.openedxpok.rendering.RenderOutcome.Invalid;
import com.openedxpok.rendering.RenderOutcome.OpenedxPage;
import com.openedxpok.rendering.RenderOutcome.Status;
import com.openedxpok.rendering.RenderOutcome.Why;

/**
 * The decision table of the render webfilter, in one place (docs/architecture.md repeats it). Reads only our own
 * database: two indexed lookups, never a call to POK, so a view costs milliseconds and works while POK is down.
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

    private final RenderPathEnqueuer enqueuer;
    private final OpenedxCourseFacts courseFacts;
    /** Views wait for the database in arrival order (see {@link DatabaseTurns}). */
    private final DatabaseTurns databaseTurns;
    static final Duration TURN_TIMEOUT = Duration.ofSeconds(5);

    RenderDecider(CourseTemplateRepository templates, CertificateRepository certificates, RenderPathEnqueuer enqueuer,
            OpenedxCourseFacts courseFacts, DataSource dataSource) {
        this.templates = templates;
        this.certificates = certificates;
        this.enqueuer = enqueuer;
        this.courseFacts = courseFacts;
        int pool = dataSource instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() : 10;
        this.databaseTurns = DatabaseTurns.forPool(pool, TURN_TIMEOUT);
    }

    /** For a view through Open edX; the caller has checked that the user id and course key are usable. */
    RenderOutcome decide(long userId, CourseKey courseKey, RenderContext context) {
        return databaseTurns.take(() -> decideWithDatabase(userId, courseKey, context));
    }

    private RenderOutcome decideWithDatabase(long userId, CourseKey courseKey, RenderContext context) {
        boolean disabled = courseDisabled.get(courseKey.value(),
                key -> templates.findByCourse(courseKey).map(t -> !t.enabled()).orElse(false));
        if (disabled) {
            return new OpenedxPage(Why.COURSE_NOT_ENABLED);
        }
        remember(courseKey, context);
        Optional<Certificate> certificate = certificates.findByLearnerAndCourse(userId, courseKey);
        if (certificate.isEmpty()) {
            return withoutCertificate(userId, courseKey, context);
        }
        return forCertificate(certificate.get());
    }

    /**
     * Open edX shows a certificate we never heard of (the creation webfilter was not configured yet, or the learner
     * earned it before POK was enabled). With the LMS API, a background check confirms the Open edX certificate and
     * queues ours, and the learner sees the status page meanwhile; without it, Open edX renders its own page.
     */
    private RenderOutcome withoutCertificate(long userId, CourseKey courseKey, RenderContext context) {
        if (enqueuer.enqueueIfCertified(userId, courseKey, context.username(), context.facts())) {
            return new Status(null, StatusKind.QUEUED);
        }
        return new OpenedxPage(Why.NO_CERTIFICATE);
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
