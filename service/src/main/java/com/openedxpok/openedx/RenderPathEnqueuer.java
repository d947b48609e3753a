package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.Learner;
import com.openedxpok.lms.LmsDirectory;
import com.openedxpok.lms.LmsException;
import com.openedxpok.lms.LmsModels;
import com.openedxpok.kernel.Texts;

/**
 * The render path's seam for certificates we never heard of: Open edX shows a learner's certificate (so Open edX
 * holds one) in a course enabled for POK, and we have no POK certificate for it (the creation webfilter was installed
 * later, or lost the request). Then the certificate is queued in the background and the render webfilter shows the
 * status page instead of Open edX's.
 *
 * <p>The render webfilter's request never waits for the LMS: {@link #enqueueIfCertified} only schedules a durable
 * check (milliseconds). The check then confirms with the LMS that the learner really holds a passing Open edX
 * certificate (a staff preview renders too, for a certificate nobody earned), reads the email the render context lacks
 * from the learner's account, and requests issuance. Without the LMS API nothing is queued.
 *
 * <p>Course staff previewing the certificate from Studio ({@code /certificates/course/<id>?preview=honor}) reach the
 * same seam: Open edX renders a certificate for the staff user, who holds none. {@link #classify} tells the two apart
 * (see {@link ViewKind}) with one LMS look-up per viewer and course, cached, which the view waits for at most
 * {@link #LMS_WAIT}: this path runs only when we hold no certificate for the viewer, so it is rare.
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

    /** The longest a view waits for the LMS's answer in {@link #classify}; the look-up goes on in the background. */
    public static final Duration LMS_WAIT = Duration.ofSeconds(2);

    /**
     * The LMS's answer about a viewer's Open edX certificate in a course (empty: none). Failed look-ups are not kept,
     * so the next view asks again. Loaded on {@link #lookups}, so a view can stop waiting without losing the answer.
     */
    private final AsyncCache<Viewer, Optional<LmsModels.Certificate>> lmsCertificates;
    /** Few threads and a short queue: a slow LMS can hold a handful of look-ups, never the render path's threads. */
    private final ThreadPoolExecutor lookups;

    private record Viewer(long userId, CourseKey courseKey, String username) {
    }

    /** What a view of a certificate we hold nothing for is. */
    public enum ViewKind {
        /** No LMS API: nothing tells a staff preview from a learner's view. */
        NO_LMS,
        /** The viewer holds no passing Open edX certificate in the course: course staff previewing it. */
        PREVIEW,
        /**
         * The viewer holds a passing Open edX certificate, but the view shows another one (its
         * {@code certificate_id_number} is not the certificate's {@code verify_uuid}): staff who also passed the
         * course, previewing it. Their own certificate is queued all the same.
         */
        PREVIEW_BY_A_CERTIFIED_VIEWER,
        /**
         * The viewer's own certificate (same uuid, or the LMS does not give one), or the LMS could not tell within
         * {@link #LMS_WAIT}: the durable check is queued and decides.
         */
        LEARNER;

        /**
         * The rule, from the LMS's answer about the viewer's certificate and the render context's
         * {@code certificate_id_number} (edx-platform puts the certificate's {@code verify_uuid} there for a learner's
         * view, and a throw-away uuid for a Studio preview).
         */
        public static ViewKind of(Optional<LmsModels.Certificate> lmsCertificate, String certificateIdNumber) {
            if (lmsCertificate.isEmpty() || !lmsCertificate.get().passing()) {
                return PREVIEW;
            }
            String held = lmsCertificate.get().verifyUuid();
            String viewed = certificateIdNumber == null ? null
                    : certificateIdNumber.strip().replace("-", "").toLowerCase(Locale.ROOT);
            return held != null && viewed != null && !viewed.isEmpty() && !held.equals(viewed)
                    ? PREVIEW_BY_A_CERTIFIED_VIEWER : LEARNER;
        }
    }

    public RenderPathEnqueuer(LmsDirectory lms, EligibilityPolicy eligibility, CertificateRepository certificates,
            IssuanceService issuance, @Lazy SchedulerClient scheduler, Clock clock) {
        this.lms = lms;
        this.eligibility = eligibility;
        this.certificates = certificates;
        this.issuance = issuance;
        this.scheduler = scheduler;
        this.clock = clock;
        this.notCertified = Caffeine.newBuilder().expireAfterWrite(lms.client().ttl()).maximumSize(100_000).build();
        AtomicInteger threads = new AtomicInteger();
        this.lookups = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), runnable -> {
            Thread thread = new Thread(runnable, "render-path-lms-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.lookups.allowCoreThreadTimeOut(true);
        this.lmsCertificates = Caffeine.newBuilder().expireAfterWrite(lms.client().ttl()).maximumSize(10_000)
                .executor(lookups).buildAsync();
    }

    @PreDestroy
    void close() {
        lookups.shutdownNow();
    }

    /**
     * Tells a staff preview from a learner's view of a certificate we hold nothing for, without making the view wait
     * longer than {@link #LMS_WAIT}. Asks nothing when the LMS recently said the viewer holds no certificate.
     *
     * @param username            the render context's {@code username}, may be null (then the LMS is asked by id)
     * @param certificateIdNumber the render context's {@code certificate_id_number}, may be null
     */
    public ViewKind classify(long userId, CourseKey courseKey, String username, String certificateIdNumber) {
        if (!lms.configured() || userId <= 0) {
            return ViewKind.NO_LMS;
        }
        if (notCertified.getIfPresent(instanceId(userId, courseKey)) != null) {
            return ViewKind.PREVIEW;
        }
        Viewer viewer = new Viewer(userId, courseKey, Texts.blankToNull(username));
        try {
            CompletableFuture<Optional<LmsModels.Certificate>> answer = lmsCertificates.get(viewer,
                    (key, executor) -> CompletableFuture.supplyAsync(() -> lmsCertificate(key), executor));
            return ViewKind.of(answer.get(LMS_WAIT.toMillis(), TimeUnit.MILLISECONDS), certificateIdNumber);
        } catch (TimeoutException e) {
            log.info("Render path: the LMS did not say within {} whether user {} holds a certificate in {}; "
                    + "treated as a learner's view", LMS_WAIT, userId, courseKey);
            return ViewKind.LEARNER;
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.info("Render path: could not ask the LMS whether user {} holds a certificate in {} ({}); treated "
                    + "as a learner's view", userId, courseKey, cause.getClass().getSimpleName());
            return ViewKind.LEARNER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ViewKind.LEARNER;
        }
    }

    private Optional<LmsModels.Certificate> lmsCertificate(Viewer viewer) {
        String username = viewer.username() != null ? viewer.username()
                : lms.client().accountByUserId(viewer.userId()).map(LmsModels.Account::username).orElse(null);
        return username == null ? Optional.empty() : lms.client().certificate(username, viewer.courseKey());
    }

    /**
     * Called by the render webfilter when it found no certificate of ours for the learner and course.
     *
     * @param username the render context's {@code username}, may be null
     * @param facts    the render context (learner name and mode are used as fallbacks)
     * @return true when a check was queued (or is already queued): show the "being prepared" status page; false when
     *         nothing was queued (no LMS API, course not enabled, a certificate exists, or the LMS recently said the
     *         learner holds no Open edX certificate)
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
        RenderPathCheck check = new RenderPathCheck(userId, Texts.blankToNull(username), courseKey.value(),
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
}
