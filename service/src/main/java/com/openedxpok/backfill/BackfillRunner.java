package com.openedxpok.backfill;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.lms.LmsDirectory;
import com.openedxpok.lms.LmsException;
import com.openedxpok.lms.LmsModels.Account;
import com.openedxpok.lms.LmsModels.Certificate;
import com.openedxpok.lms.LmsModels.Grade;
import com.openedxpok.lms.LmsModels.GradesPage;

/**
 * One step of a backfill job, run by its db-scheduler execution: a batch of pages while counting, one page of learners
 * while issuing. Each step reads Open edX first (outside any transaction), then stores the page's certificates, its
 * counters and the cursor to the next page in one transaction: after a crash or a restart the job resumes at the first
 * page not stored, and a page read twice queues nobody twice ({@link IssuanceService#request} is idempotent per learner
 * and course, and learners who have a certificate are skipped before anything is asked about them).
 */
@Component
class BackfillRunner {

    private static final Logger log = LoggerFactory.getLogger(BackfillRunner.class);
    /** Counting is cheap (one call per 100 learners): several pages per step. */
    static final int COUNTING_PAGES_PER_STEP = 20;
    static final Duration MAX_ERROR_DELAY = Duration.ofMinutes(5);

    private final BackfillJobRepository jobs;
    private final LmsDirectory lms;
    private final CertificateRepository certificates;
    private final IssuanceService issuance;
    private final EligibilityPolicy eligibility;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BackfillRunner(BackfillJobRepository jobs, LmsDirectory lms, CertificateRepository certificates,
            IssuanceService issuance, EligibilityPolicy eligibility, TransactionTemplate transaction, Clock clock) {
        this.jobs = jobs;
        this.lms = lms;
        this.certificates = certificates;
        this.issuance = issuance;
        this.eligibility = eligibility;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** @return when to run the next step, or empty when the job is over (done, failed, cancelled, gone) */
    Optional<Instant> step(long jobId) {
        Optional<BackfillJob> found = jobs.find(jobId);
        if (found.isEmpty() || !found.get().status().active()) {
            return Optional.empty();
        }
        BackfillJob job = found.get();
        if (eligibility.target(job.courseKey()).isEmpty()) {
            return fail(job, "Course " + job.courseKey() + " is not enabled for POK any more");
        }
        try {
            return switch (job.status()) {
                case COUNTING -> count(job);
                case ISSUING -> issuePage(job);
                default -> Optional.empty();
            };
        } catch (LmsException e) {
            if (e.transientFailure()) {
                Optional<BackfillJob> saved = jobs.save(job.erring(e.getMessage()), clock.instant());
                int errors = job.consecutiveErrors() + 1;
                Duration delay = Duration.ofSeconds(5).multipliedBy(1L << Math.min(errors - 1, 10));
                delay = delay.compareTo(MAX_ERROR_DELAY) > 0 ? MAX_ERROR_DELAY : delay;
                log.info("Backfill job {} ({}): the LMS did not answer ({}); next try in {}s", job.id(),
                        job.courseKey(), e.getMessage(), delay.toSeconds());
                return Optional.of(clock.instant().plus(saved.isPresent() ? delay : Duration.ZERO));
            }
            return fail(job, e.getMessage());
        }
    }

    private Optional<Instant> count(BackfillJob job) {
        String cursor = job.nextPageUrl();
        int learners = job.countedLearners();
        int passed = job.countedPassed();
        for (int i = 0; i < COUNTING_PAGES_PER_STEP; i++) {
            Optional<GradesPage> page = page(job.courseKey(), cursor);
            if (page.isEmpty()) {
                return fail(job, courseUnknown(job, cursor));
            }
            learners += page.get().results().size();
            passed += (int) page.get().results().stream().filter(Grade::passed).count();
            if (page.get().next() == null) {
                Optional<BackfillJob> saved = jobs.save(job.counted(learners, passed), clock.instant());
                if (saved.isPresent()) {
                    log.info("Backfill job {} ({}): {} learners, {} passed; issuing", job.id(), job.courseKey(),
                            learners, passed);
                }
                return Optional.of(clock.instant());
            }
            cursor = page.get().next().toString();
        }
        jobs.save(job.counting(cursor, learners, passed), clock.instant());
        return Optional.of(clock.instant());
    }

    private Optional<Instant> issuePage(BackfillJob job) {
        CourseKey course = job.courseKey();
        Optional<GradesPage> found = page(course, job.nextPageUrl());
        if (found.isEmpty()) {
            return fail(job, courseUnknown(job, job.nextPageUrl()));
        }
        GradesPage page = found.get();
        List<Grade> passed = page.results().stream().filter(Grade::passed).toList();
        Set<String> known = certificates.usernamesWithCertificate(course, passed.stream().map(Grade::username).toList());
        // The Open edX certificate of each learner who passed and has no POK certificate yet.
        Map<String, Certificate> certified = new LinkedHashMap<>();
        Map<String, Grade> grades = new HashMap<>();
        int notCertified = 0;
        for (Grade grade : passed) {
            if (known.contains(grade.username())) {
                continue;
            }
            Optional<Certificate> certificate = lms.client().certificate(grade.username(), course);
            if (certificate.isPresent() && certificate.get().passing()) {
                certified.put(grade.username(), certificate.get());
                grades.put(grade.username(), grade);
            } else {
                notCertified++;
            }
        }
        Map<String, Account> accounts = accounts(certified.keySet());
        List<CertificateRequest> requests = new ArrayList<>();
        int failed = 0;
        for (Map.Entry<String, Certificate> entry : certified.entrySet()) {
            Account account = accounts.get(entry.getKey());
            if (account == null) {
                failed++;
                continue;
            }
            Certificate certificate = entry.getValue();
            BigDecimal grade = fraction(certificate.grade() != null ? certificate.grade()
                    : grades.get(entry.getKey()).percent());
            Learner learner = new Learner(account.userId(), account.username(), account.name(), account.email(), null,
                    certificate.certificateType(), grade);
            requests.add(new CertificateRequest(learner, course, certificate.status(),
                    "backfill job " + job.id()));
        }
        int alreadyHad = known.size();
        int notCertifiedCount = notCertified;
        int failedCount = failed;
        String next = page.next() == null ? null : page.next().toString();
        Instant now = clock.instant();
        // Certificates, counters and cursor together: a page is stored entirely or not at all.
        Boolean stored = transaction.execute(status -> {
            int queued = 0;
            int had = alreadyHad;
            int ineligible = 0;
            for (CertificateRequest request : requests) {
                IssuanceService.Outcome outcome = issuance.request(request);
                if (outcome instanceof IssuanceService.Recorded recorded) {
                    if (recorded.created()) {
                        queued++;
                    } else {
                        had++;
                    }
                } else {
                    ineligible++;
                }
            }
            Optional<BackfillJob> saved = jobs.save(job.pageDone(next, page.results().size(), queued, had,
                    notCertifiedCount, ineligible, failedCount, now), now);
            if (saved.isEmpty()) {
                // Cancelled (or changed) while this page was read: store nothing of it.
                status.setRollbackOnly();
                return false;
            }
            return true;
        });
        if (Boolean.TRUE.equals(stored) && next == null) {
            jobs.find(job.id()).ifPresent(done -> log.info("Backfill job {} ({}) done: {} queued, {} already had one, "
                    + "{} without an Open edX certificate, {} ineligible, {} failed", done.id(), course, done.queued(),
                    done.alreadyHad(), done.notCertified(), done.ineligible(), done.failed()));
            return Optional.empty();
        }
        return Optional.of(clock.instant());
    }

    /** One call for the page's accounts; those the bulk answer left out are asked one by one. */
    private Map<String, Account> accounts(Set<String> usernames) {
        Map<String, Account> found = new HashMap<>();
        if (usernames.isEmpty()) {
            return found;
        }
        for (Account account : lms.client().accounts(usernames)) {
            found.put(account.username(), account);
            lms.remember(account);
        }
        for (String username : usernames) {
            if (!found.containsKey(username)) {
                lms.account(username).ifPresent(account -> found.put(username, account));
            }
        }
        return found;
    }

    private Optional<GradesPage> page(CourseKey course, String cursor) {
        return cursor == null ? lms.client().firstGradesPage(course) : lms.client().gradesPage(URI.create(cursor));
    }

    private static String courseUnknown(BackfillJob job, String cursor) {
        return cursor == null ? "The LMS does not know course " + job.courseKey() + " (404 from the course grades API)"
                : "The LMS no longer serves the page this job stopped at (404); start a new backfill";
    }

    private Optional<Instant> fail(BackfillJob job, String reason) {
        log.warn("Backfill job {} ({}) failed: {}", job.id(), job.courseKey(), reason);
        jobs.save(job.failedWith(reason, clock.instant()), clock.instant());
        return Optional.empty();
    }

    /** Grades are fractions; a percentage (87) is read as one too, and anything else as unknown. */
    private static BigDecimal fraction(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal fraction = value.compareTo(BigDecimal.ONE) > 0 ? value.movePointLeft(2) : value;
        return fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0 ? null
                : fraction.setScale(Math.min(fraction.scale(), 5), java.math.RoundingMode.HALF_UP);
    }
}
