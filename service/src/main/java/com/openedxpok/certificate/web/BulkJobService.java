package com.openedxpok.certificate.web;

import com.openedxpok.audit.AuditRepository;
import com.openedxpok.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.openedxpok.certificate.CertificateFilter;
import com.openedxpok.certificate.CertificateSearch;
import com.openedxpok.issuance.OperatorActionService;

import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk actions ("retry all failed", "refresh all in progress") on the certificates of the operator's filter. They run
 * on db-scheduler, so they survive a restart and run on one instance only; the job row counts progress for the
 * progress bar and remembers the last certificate done, so that a revived execution continues where it stopped.
 * Each certificate goes through {@link OperatorActionService} like a single action, recorded with the operator's name.
 */
@Service
public class BulkJobService {

    public static final TaskDescriptor<Void> TASK = TaskDescriptor.of("admin-bulk-job", Void.class);
    private static final Logger log = LoggerFactory.getLogger(BulkJobService.class);
    private static final int BATCH = 200;
    /** Progress is written every few certificates or this often, not after each one. */
    private static final int PROGRESS_EVERY = 25;
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final BulkJobRepository jobs;
    private final CertificateSearch certificates;
    private final OperatorActionService actions;
    private final AuditRepository audit;
    private final SchedulerClient scheduler;
    private final JsonMapper json;
    private final Clock clock;

    /** Lazy: the scheduler is built from the task that calls this service. */
    public BulkJobService(BulkJobRepository jobs, CertificateSearch certificates, OperatorActionService actions,
            AuditRepository audit, @Lazy SchedulerClient scheduler, JsonMapper json, Clock clock) {
        this.jobs = jobs;
        this.certificates = certificates;
        this.actions = actions;
        this.audit = audit;
        this.scheduler = scheduler;
        this.json = json;
        this.clock = clock;
    }

    /** Starts the job; its row and its execution are committed together. */
    @Transactional
    public BulkJob start(BulkJob.Kind kind, CertificateFilter filter, String operator) {
        Optional<CertificateFilter> narrowed = filter.narrowedTo(kind.status());
        int total = narrowed.map(f -> (int) certificates.countUpTo(f, Integer.MAX_VALUE)).orElse(0);
        String filterJson = narrowed.map(json::writeValueAsString).orElse("");
        Instant now = clock.instant();
        long id = jobs.insert(kind, filterJson, operator, total, now);
        if (narrowed.isEmpty()) {
            jobs.finish(id, BulkJob.Status.DONE, now);
        } else {
            scheduler.scheduleIfNotExists(TASK.instance(String.valueOf(id)).build(), now);
        }
        audit.operator(operator, "BULK_" + kind.name(), "job " + id,
                total + " certificate" + (total == 1 ? "" : "s") + "; filter " + filterJson);
        return jobs.findById(id).orElseThrow();
    }

    public BulkJob get(long id) {
        return jobs.findById(id).orElseThrow(() -> new NotFoundException("No bulk job " + id));
    }

    public List<BulkJob> recent(int limit) {
        return jobs.recent(limit);
    }

    /** The task's body: applies the action to each matching certificate, oldest first, from where it stopped. */
    public void run(long id) {
        BulkJob job = jobs.findById(id).orElse(null);
        if (job == null || job.finished()) {
            return;
        }
        CertificateFilter filter = json.readValue(job.filterJson(), CertificateFilter.class);
        int done = job.done();
        int failed = job.failed();
        long lastId = job.lastId();
        String lastError = job.lastError();
        int sinceWrite = 0;
        Instant lastWrite = clock.instant();
        List<Long> ids;
        while (!(ids = certificates.idsAfter(filter, lastId, BATCH)).isEmpty()) {
            for (long certificateId : ids) {
                try {
                    apply(job, certificateId);
                    done++;
                } catch (OperatorActionService.NotAllowedException | IllegalStateException e) {
                    // Its state changed since it matched (the worker moved it, another operator acted): skip it.
                    failed++;
                    lastError = "certificate " + certificateId + ": " + e.getMessage();
                }
                lastId = certificateId;
                sinceWrite++;
                Instant now = clock.instant();
                if (sinceWrite >= PROGRESS_EVERY || Duration.between(lastWrite, now).compareTo(PROGRESS_INTERVAL) >= 0) {
                    jobs.progress(id, done, failed, lastId, lastError, now);
                    sinceWrite = 0;
                    lastWrite = now;
                }
            }
        }
        Instant now = clock.instant();
        jobs.progress(id, done, failed, lastId, lastError, now);
        jobs.finish(id, BulkJob.Status.DONE, now);
        log.info("Bulk job {} ({}) by {} finished: {} done, {} not applicable", id, job.kind(), job.createdBy(), done,
                failed);
    }

    private void apply(BulkJob job, long certificateId) {
        switch (job.kind()) {
            case RETRY_FAILED -> actions.retryNow(certificateId, job.createdBy());
            case REFRESH_PROCESSING -> actions.refreshFromPok(certificateId, job.createdBy());
        }
    }
}
