package com.openedxpok.backfill;

import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.OpenedxTasks;
import com.openedxpok.lms.LmsDirectory;
import com.openedxpok.lms.LmsException;
import com.openedxpok.lms.LmsModels.Grade;
import com.openedxpok.lms.LmsModels.GradesPage;

/**
 * "Issue POK certificates for every learner who already holds an Open edX certificate in course X" — for operators
 * who enable POK on a platform with history. The service API the console and the REST API call:
 * <ul>
 * <li>{@link #dryRun}: how many learners a backfill would look at and how many already have a POK certificate;</li>
 * <li>{@link #start} / {@link #startAllEnabled}: a background job per course (durable: it resumes after a restart
 * where it stopped), one running job per course;</li>
 * <li>{@link #progress} / {@link #recent}: for the progress bar; {@link #cancel} / {@link #resume};</li>
 * <li>{@link #importCsv}: the same from a CSV file, for operators without API access.</li>
 * </ul>
 * Every learner is queued at most once: {@code IssuanceService} records one certificate per learner and course.
 */
@Service
public class BackfillService {

    private static final Logger log = LoggerFactory.getLogger(BackfillService.class);

    private final BackfillJobRepository jobs;
    private final LmsDirectory lms;
    private final CertificateRepository certificates;
    private final EligibilityPolicy eligibility;
    private final CourseTemplateRepository courseTemplates;
    private final CsvImporter csv;
    private final SchedulerClient scheduler;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BackfillService(BackfillJobRepository jobs, LmsDirectory lms, CertificateRepository certificates,
            EligibilityPolicy eligibility, CourseTemplateRepository courseTemplates, CsvImporter csv,
            @Lazy SchedulerClient scheduler, TransactionTemplate transaction, Clock clock) {
        this.jobs = jobs;
        this.lms = lms;
        this.certificates = certificates;
        this.eligibility = eligibility;
        this.courseTemplates = courseTemplates;
        this.csv = csv;
        this.scheduler = scheduler;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Whether backfills through the LMS API are possible ({@code LMS_URL} set); CSV imports always are. */
    public boolean apiAvailable() {
        return lms.configured();
    }

    /** The courses "every enabled course" means: those with an enabled course template. */
    public List<CourseKey> enabledCourses() {
        return courseTemplates.findAll().stream().filter(CourseTemplate::enabled).map(CourseTemplate::courseKey)
                .toList();
    }

    /**
     * Counts, without queuing anything, by reading every page of the course's grades (one LMS call per 100
     * learners; a large course takes a few seconds).
     *
     * @throws BackfillException when the LMS API is not configured, the course is not enabled or unknown to the LMS,
     *                           or the LMS does not answer
     */
    public BackfillDryRun dryRun(CourseKey courseKey) {
        requireApiAndEnabled(courseKey);
        int learners = 0;
        int passed = 0;
        int alreadyHave = 0;
        try {
            Optional<GradesPage> page = lms.client().firstGradesPage(courseKey);
            if (page.isEmpty()) {
                throw new BackfillException("The LMS does not know course " + courseKey);
            }
            while (true) {
                List<String> passedNames = page.get().results().stream().filter(Grade::passed).map(Grade::username)
                        .toList();
                learners += page.get().results().size();
                passed += passedNames.size();
                alreadyHave += certificates.usernamesWithCertificate(courseKey, passedNames).size();
                URI next = page.get().next();
                if (next == null) {
                    break;
                }
                page = lms.client().gradesPage(next);
                if (page.isEmpty()) {
                    throw new BackfillException("The LMS stopped serving the grades of " + courseKey + " midway");
                }
            }
        } catch (LmsException e) {
            throw new BackfillException(e.getMessage());
        }
        return new BackfillDryRun(courseKey, learners, passed, alreadyHave, passed - alreadyHave);
    }

    /** {@link #dryRun} for every enabled course; a course that cannot be counted is left out with a warning. */
    public List<BackfillDryRun> dryRunAllEnabled() {
        requireApi();
        List<BackfillDryRun> runs = new ArrayList<>();
        for (CourseKey course : enabledCourses()) {
            try {
                runs.add(dryRun(course));
            } catch (BackfillException e) {
                log.warn("Dry run of {} not possible: {}", course, e.getMessage());
            }
        }
        return runs;
    }

    /**
     * Starts a backfill of the course in the background, or returns the one already running for it.
     *
     * @param operator who asked (written in each queued certificate's history)
     * @throws BackfillException when the LMS API is not configured or the course is not enabled
     */
    public BackfillProgress start(CourseKey courseKey, String operator) {
        requireApiAndEnabled(courseKey);
        BackfillJob job = transaction.execute(status -> {
            Optional<BackfillJob> running = jobs.findActive(courseKey);
            if (running.isPresent()) {
                return running.get();
            }
            BackfillJob created = jobs.insert(courseKey, operator, clock.instant());
            // In the same transaction: a job never exists without its execution.
            scheduler.scheduleIfNotExists(OpenedxTasks.BACKFILL.instance(String.valueOf(created.id())).build(),
                    clock.instant());
            log.info("Backfill job {} of {} started by {}", created.id(), courseKey, operator);
            return created;
        });
        return job.progress();
    }

    /** A job for every enabled course (or the one already running for it). */
    public List<BackfillProgress> startAllEnabled(String operator) {
        requireApi();
        return enabledCourses().stream().map(course -> start(course, operator)).toList();
    }

    public Optional<BackfillProgress> progress(long jobId) {
        return jobs.find(jobId).map(BackfillJob::progress);
    }

    /** The newest jobs first. */
    public List<BackfillProgress> recent(int limit) {
        return jobs.recent(Math.max(1, Math.min(limit, 500))).stream().map(BackfillJob::progress).toList();
    }

    /** Stops a running job after the page it is on; certificates already queued stay queued. */
    public BackfillProgress cancel(long jobId, String operator) {
        for (int attempt = 0; attempt < 5; attempt++) {
            BackfillJob job = jobs.find(jobId).orElseThrow(() -> new BackfillException("No backfill job " + jobId));
            if (!job.status().active()) {
                return job.progress();
            }
            Optional<BackfillJob> saved = jobs.save(job.withStatus(BackfillStatus.CANCELLED, clock.instant()),
                    clock.instant());
            if (saved.isPresent()) {
                log.info("Backfill job {} of {} cancelled by {}", jobId, job.courseKey(), operator);
                return saved.get().progress();
            }
        }
        throw new BackfillException("The job is busy; try again");
    }

    /** Takes a FAILED or CANCELLED job up again where it stopped (after the operator fixed the cause). */
    public BackfillProgress resume(long jobId, String operator) {
        BackfillJob job = jobs.find(jobId).orElseThrow(() -> new BackfillException("No backfill job " + jobId));
        if (job.status().active() || job.status() == BackfillStatus.DONE) {
            return job.progress();
        }
        requireApiAndEnabled(job.courseKey());
        BackfillJob resumed = transaction.execute(status -> {
            if (jobs.findActive(job.courseKey()).isPresent()) {
                throw new BackfillException("Another backfill of " + job.courseKey() + " is running");
            }
            BackfillStatus phase = job.totalLearners() == null ? BackfillStatus.COUNTING : BackfillStatus.ISSUING;
            BackfillJob saved = jobs.save(job.withStatus(phase, null), clock.instant())
                    .orElseThrow(() -> new BackfillException("The job changed meanwhile; reload and try again"));
            scheduler.scheduleIfNotExists(OpenedxTasks.BACKFILL.instance(String.valueOf(jobId)).build(),
                    clock.instant());
            return saved;
        });
        log.info("Backfill job {} of {} resumed by {}", jobId, job.courseKey(), operator);
        return resumed.progress();
    }

    /**
     * Queues a certificate for every valid row of a CSV file
     * ({@code user_id,username,email,full_name,course_key[,grade,language]}); needs no LMS API.
     */
    public CsvImportReport importCsv(InputStream csvFile, String operator) {
        return csv.importCsv(csvFile, operator);
    }

    /**
     * After a start-up, every running job continues now: a job that was waiting out an LMS outage when the service
     * stopped does not wait longer because of the restart, and a job without an execution (none should exist) gets
     * one. An execution held by a dead instance is left to db-scheduler, which revives it.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void resumeRunningJobs() {
        for (BackfillJob job : jobs.active()) {
            TaskInstanceId id = OpenedxTasks.BACKFILL.instanceId(String.valueOf(job.id()));
            var execution = scheduler.getScheduledExecution(id);
            if (execution.isEmpty()) {
                scheduler.scheduleIfNotExists(OpenedxTasks.BACKFILL.instance(String.valueOf(job.id())).build(),
                        clock.instant());
            } else if (!execution.get().isPicked() && execution.get().getExecutionTime().isAfter(clock.instant())) {
                scheduler.reschedule(id, clock.instant());
            }
            log.info("Backfill job {} of {} continues after start-up ({} learners looked at so far)", job.id(),
                    job.courseKey(), job.learnersSeen());
        }
    }

    private void requireApi() {
        if (!lms.configured()) {
            throw new BackfillException("The Open edX API is not configured (LMS_URL, OPENEDX_CLIENT_ID, "
                    + "OPENEDX_CLIENT_SECRET): import a CSV file instead");
        }
    }

    private void requireApiAndEnabled(CourseKey courseKey) {
        requireApi();
        if (eligibility.target(courseKey).isEmpty()) {
            throw new BackfillException("Course " + courseKey + " is not enabled for POK");
        }
    }
}
