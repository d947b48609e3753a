package com.openedxpok.openedx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.openedxpok.issuance.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.issuance.Learner;
import com.openedxpok.openedx.lms.LmsDirectory;
import com.openedxpok.openedx.lms.LmsException;
import com.openedxpok.openedx.lms.LmsModels;

/**
 * The render path's seam for certificates we never heard of: Open edX shows a learner's certificate (so Open edX
 * holds one) in a course enabled for POK, and we have no POK certificate for it (the creation webfilter was installed
 * later, or lost the request). Then the certificate is queued in the background and the render webfilter shows the
 * status page instead of Open edX's.
 *
 * <p>The render webfilter's request never waits for the LMS: {@link #enqueueIfCertified} only schedules a durable
 * check (milliseconds). The check then confirms with the LMS that the learner really holds a passing Open edX
 * certificate (a staff preview renders too, for a certificate nobody earned), reads the email the render context lacks
 * from the learner's account, and requests issuance. Without the LMS API nothing is queued: Open edX's page is shown.
 */
@Service
public class RenderPathEnqueuer {

    private static final Logger log = LoggerFactory.getLogger(RenderPathEnqueuer.class);

    private final LmsDirectory lms;
    private final EligibilityPolicy eligibility;
    private final CertificateRepository certificates;
    private final IssuanceService issuance;
    private final SchedulerClient scheduler;
    private final Clock clock;
    /** Learners the LMS said hold no passing certificate (staff previews): not asked again for a while. */
    private final Cache<String, Boolean> notCertified;

    public RenderPathEnqueuer(LmsDirectory lms, EligibilityPolicy eligibility, CertificateRepository certificates,
            IssuanceService issuance, @Lazy SchedulerClient scheduler, Clock clock) {
        this.lms = lms;
        this.eligibility = eligibility;
        this.certificates = certificates;
        this.issuance = issuance;
        this.scheduler = scheduler;
        this.clock = clock;
        this.notCertified = Caffeine.newBuilder().expireAfterWrite(lms.client().ttl()).maximumSize(100_000).build();
    }

    /**
     * Called by the render webfilter when it found no certificate of ours for the learner and course.
     *
     * @param username the render context's {@code username}, may be null
     * @param facts    the render context (learner name and mode are used as fallbacks)
     * @return true when a check was queued (or is already queued): show the "being prepared" status page; false when
     *         nothing was queued (no LMS API, course not enabled, a certificate exists, or the LMS recently said the
     *         learner holds no Open edX certificate): let Open edX render its own page
     */
    public boolean enqueueIfCertified(long userId, CourseKey courseKey, String username, RenderContextFacts facts) {
        if (!lms.configured() || userId <= 0) {
            return false;
        }
        String key = instanceId(userId, courseKey);
        if (notCertified.getIfPresent(key) != null || eligibility.target(courseKey).isEmpty()
                || certificates.findByLearnerAndCourse(userId, courseKey).isPresent()) {
            return false;
        }
        RenderPathCheck check = new RenderPathCheck(userId, blankToNull(username), courseKey.value(),
                facts == null ? null : facts.learnerName(), facts == null ? null : facts.courseMode());
        scheduler.scheduleIfNotExists(OpenedxTasks.RENDER_PATH_CHECK.instance(key).data(check).build(),
                clock.instant());
        return true;
    }

    /**
     * Runs the check (db-scheduler task). @throws LmsException when the LMS could not be asked: the task is retried
     * with backoff
     */
    void check(RenderPathCheck check) {
        CourseKey courseKey = CourseKey.parse(check.courseKey());
        if (certificates.findByLearnerAndCourse(check.userId(), courseKey).isPresent()) {
            return;
        }
        try {
            String username = check.username() != null ? check.username()
                    : lms.client().accountByUserId(check.userId()).map(LmsModels.Account::username).orElse(null);
            if (username == null) {
                log.info("Render path: the LMS knows no user {}; nothing queued", check.userId());
                return;
            }
            // Not cached: the truth of the moment decides whether a certificate is issued.
            Optional<LmsModels.Certificate> certificate = lms.client().certificate(username, courseKey);
            if (certificate.isEmpty() || !certificate.get().passing()) {
                notCertified.put(instanceId(check.userId(), courseKey), Boolean.TRUE);
                log.debug("Render path: user {} holds no passing Open edX certificate in {} (a preview?); nothing "
                        + "queued", check.userId(), courseKey);
                return;
            }
            Optional<LmsModels.Account> account = lms.account(username);
            if (account.isEmpty() || account.get().userId() != check.userId()) {
                log.info("Render path: the LMS account of user {} does not match; nothing queued", check.userId());
                return;
            }
            LmsModels.Account a = account.get();
            Learner learner = new Learner(check.userId(), username, a.name() != null ? a.name() : check.learnerName(),
                    a.email(), null, certificate.get().certificateType() != null
                            ? certificate.get().certificateType() : check.mode(), certificate.get().grade());
            issuance.request(new CertificateRequest(learner, courseKey, certificate.get().status(),
                    "render path (Open edX certificate confirmed by the LMS)"));
        } catch (LmsException e) {
            if (e.transientFailure()) {
                throw e;
            }
            log.warn("Render path check for user {} in {} abandoned: {}", check.userId(), courseKey, e.getMessage());
        }
    }

    /** db-scheduler ids are at most 100 characters; course keys may be 255, so the key is hashed. */
    static String instanceId(long userId, CourseKey courseKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(courseKey.value().getBytes(StandardCharsets.UTF_8));
            return userId + "@" + HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
