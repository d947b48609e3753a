package com.openedxpok.importing;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.openedxpok.audit.AuditRepository;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.DuplicateCourseTemplateException;
import com.openedxpok.importing.ImportRepository.Kind;
import com.openedxpok.importing.ImportRepository.StoredLine;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.kernel.Actor;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.issuance.IssuanceQueue;
import com.openedxpok.issuance.IssuanceService;

/**
 * Moves what openedx-pok 1.x (the Django plugin) issued into this service, from the {@code mysql --batch} exports of
 * its two tables (see docs/migrating-from-openedx-pok.md). A certificate with a POK credential id becomes ours without
 * any issue request; one without is queued like any other request; a learner who holds a certificate here already is
 * skipped. The dry run and the run decide each line with the same code; the run applies 500 lines per transaction
 * together with their outcomes and the job's cursor, on db-scheduler, so a restart continues after the last line
 * applied and no line is applied twice. A second import of the same export changes nothing.
 */
@Service
public class OpenedxPokImportService {

    public static final TaskDescriptor<Void> TASK = TaskDescriptor.of("openedx-pok-import", Void.class);
    public static final String ACCEPTED = "ACCEPTED";
    public static final String SKIPPED = "SKIPPED";
    private static final Logger log = LoggerFactory.getLogger(OpenedxPokImportService.class);
    static final int BATCH = 500;
    /** Then the execution is rescheduled: a stopping instance never waits for a whole import. */
    static final int BATCHES_PER_EXECUTION = 20;

    private final ImportRepository jobs;
    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final IssuanceService issuance;
    private final IssuanceQueue queue;
    private final EligibilityPolicy eligibility;
    private final CourseTemplateRepository templates;
    private final AuditRepository audit;
    private final SchedulerClient scheduler;
    private final TransactionTemplate transaction;
    private final Clock clock;

    /** Lazy: the scheduler is built from the task that calls this service. */
    OpenedxPokImportService(ImportRepository jobs, CertificateRepository certificates, CertificateLifecycle lifecycle,
            IssuanceService issuance, IssuanceQueue queue, EligibilityPolicy eligibility,
            CourseTemplateRepository templates, AuditRepository audit, @Lazy SchedulerClient scheduler,
            TransactionTemplate transaction, Clock clock) {
        this.jobs = jobs;
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.issuance = issuance;
        this.queue = queue;
        this.eligibility = eligibility;
        this.templates = templates;
        this.audit = audit;
        this.scheduler = scheduler;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** What happened, or would happen, to one line. {@code file} is {@code certificates} or {@code templates}. */
    public record LineReport(String file, int line, String outcome, String detail) {
    }

    /**
     * @param jobId empty for a dry run of files that were not stored
     * @param lines every line of a dry run; of a run, the lines listed (see {@link #report})
     */
    public record Report(Long jobId, ImportJob.Status status, boolean dryRun, int total, int accepted, int skipped,
            List<LineReport> lines) {
    }

    // ---- upload, dry run, start

    /** Stores both exports as a job in {@code UPLOADED}: nothing is applied until {@link #start}. */
    public ImportJob upload(InputStream certificatesTsv, InputStream templatesTsv, String operator) {
        Files files = Files.read(certificatesTsv, templatesTsv);
        Instant now = clock.instant();
        long id = transaction.execute(status -> {
            long jobId = jobs.insertJob(operator, String.join("\t", files.certificates().header()),
                    files.templates() == null ? null : String.join("\t", files.templates().header()),
                    files.lines().size(), now);
            jobs.insertLines(jobId, files.lines());
            audit.operator(operator, "OPENEDX_POK_IMPORT_UPLOADED", "import " + jobId,
                    files.lines().size() + " lines");
            return jobId;
        });
        return job(id);
    }

    /** What an import of these files would do, line by line; nothing is stored. */
    public Report dryRun(InputStream certificatesTsv, InputStream templatesTsv) {
        Files files = Files.read(certificatesTsv, templatesTsv);
        Decider decider = new Decider(files.certificates().header(),
                files.templates() == null ? List.of() : files.templates().header());
        return dryRun(null, ImportJob.Status.UPLOADED, decider, files.lines());
    }

    /** What running a stored job would do, line by line (its lines not yet applied); nothing changes. */
    public Report dryRun(long jobId) {
        ImportJob job = job(jobId);
        Decider decider = decider(jobId);
        List<StoredLine> all = new ArrayList<>();
        List<StoredLine> page;
        int after = job.cursor();
        while (!(page = jobs.linesAfter(jobId, after, BATCH)).isEmpty()) {
            all.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        return dryRun(jobId, job.status(), decider, all);
    }

    private Report dryRun(Long jobId, ImportJob.Status status, Decider decider, List<StoredLine> lines) {
        List<LineReport> reports = new ArrayList<>(lines.size());
        int accepted = 0;
        for (int from = 0; from < lines.size(); from += BATCH) {
            List<StoredLine> batch = lines.subList(from, Math.min(lines.size(), from + BATCH));
            List<Decision> decisions = decider.decide(batch);
            for (int i = 0; i < batch.size(); i++) {
                LineReport r = foresee(batch.get(i), decisions.get(i), decider);
                accepted += ACCEPTED.equals(r.outcome()) ? 1 : 0;
                reports.add(r);
            }
        }
        return new Report(jobId, status, true, lines.size(), accepted, lines.size() - accepted, reports);
    }

    /** Starts the run of an uploaded job; its state and its execution are committed together. */
    public ImportJob start(long jobId, String operator) {
        ImportJob job = job(jobId);
        transaction.executeWithoutResult(status -> {
            if (!jobs.move(jobId, ImportJob.Status.UPLOADED, ImportJob.Status.RUNNING, clock.instant())) {
                throw new ImportException("Import " + jobId + " is " + job.status() + ": only an uploaded import "
                        + "can be started.");
            }
            scheduler.scheduleIfNotExists(TASK.instance(String.valueOf(jobId)).build(), clock.instant());
            audit.operator(operator, "OPENEDX_POK_IMPORT_STARTED", "import " + jobId, job.totalLines() + " lines");
        });
        return job(jobId);
    }

    public ImportJob job(long id) {
        return jobs.find(id).orElseThrow(() -> new ImportNotFoundException("No import " + id));
    }

    public List<ImportJob> recent(int limit) {
        return jobs.recent(limit);
    }

    /** The applied lines of a job in file order, or only those with {@code outcome} (ACCEPTED, SKIPPED). */
    public List<LineReport> report(long jobId, String outcome, int limit) {
        job(jobId);
        return jobs.report(jobId, outcome, 0, limit).stream()
                .map(l -> new LineReport(fileOf(l.kind()), l.lineNo(), l.outcome(), l.detail())).toList();
    }

    public Report result(long jobId, int limit) {
        ImportJob job = job(jobId);
        return new Report(jobId, job.status(), false, job.totalLines(), job.accepted(), job.skipped(),
                report(jobId, null, limit));
    }

    // ---- the run (the task's body)

    /**
     * Applies the next lines of a running job, {@value #BATCH} per transaction, at most {@code maxBatches} batches.
     *
     * @return whether lines remain (the task runs again at once)
     */
    boolean runSome(long jobId, int maxBatches, BooleanSupplier stopping) {
        ImportJob job = jobs.find(jobId).orElse(null);
        if (job == null || job.status() != ImportJob.Status.RUNNING) {
            return false;
        }
        Decider decider = decider(jobId);
        String actor = Actor.operator(job.createdBy());
        int cursor = job.cursor();
        for (int b = 0; b < maxBatches && !stopping.getAsBoolean(); b++) {
            List<StoredLine> lines = jobs.linesAfter(jobId, cursor, BATCH);
            if (lines.isEmpty()) {
                jobs.move(jobId, ImportJob.Status.RUNNING, ImportJob.Status.DONE, clock.instant());
                ImportJob done = job(jobId);
                log.info("Import {} from openedx-pok by {} finished: {} lines, {} accepted, {} skipped", jobId,
                        job.createdBy(), done.totalLines(), done.accepted(), done.skipped());
                audit.operator(job.createdBy(), "OPENEDX_POK_IMPORT_DONE", "import " + jobId,
                        done.accepted() + " accepted, " + done.skipped() + " skipped");
                return false;
            }
            cursor = transaction.execute(status -> apply(jobId, actor, decider, lines));
        }
        return true;
    }

    /** One batch: the lines' effects, their outcomes and the cursor, in the caller's transaction. */
    private int apply(long jobId, String actor, Decider decider, List<StoredLine> lines) {
        Instant now = clock.instant();
        List<Decision> decisions = decider.decide(lines);
        String[] outcomes = new String[lines.size()];
        String[] details = new String[lines.size()];
        List<CertificateLifecycle.Adoption> adoptions = new ArrayList<>();
        List<Integer> adoptedAt = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            StoredLine line = lines.get(i);
            String from = "imported from openedx-pok (import " + jobId + ", line " + line.lineNo() + ")";
            Decision decision = decisions.get(i);
            if (decision instanceof Skip skip) {
                outcomes[i] = SKIPPED;
                details[i] = skip.reason();
            } else if (decision instanceof CreateTemplate create) {
                try {
                    CourseTemplate t = templates.insert(create.template().toCourseTemplate(), now);
                    audit.append(actor, "COURSE_TEMPLATE_CREATED", t.courseKey().value(),
                            "template " + t.templateId() + "; " + from);
                    outcomes[i] = ACCEPTED;
                    details[i] = "course template created: " + describe(create.template());
                } catch (DuplicateCourseTemplateException raceLost) {
                    outcomes[i] = SKIPPED;
                    details[i] = "the course got a template here meanwhile; kept that one";
                }
            } else if (decision instanceof Adopt adopt) {
                adoptions.add(new CertificateLifecycle.Adoption(adopt.certificate().courseKey(),
                        adopt.certificate().learner(), adopt.certificate().credential(),
                        from + ": POK credential " + adopt.certificate().credentialId() + ", state "
                                + adopt.certificate().state()));
                adoptedAt.add(i);
            } else if (decision instanceof Queue q) {
                IssuanceService.Outcome outcome = issuance.request(q.request(from));
                if (outcome instanceof IssuanceService.Recorded recorded && recorded.created()) {
                    outcomes[i] = ACCEPTED;
                    details[i] = "no POK credential in the export: queued for issuance (certificate "
                            + recorded.certificate().id() + ")";
                } else if (outcome instanceof IssuanceService.Recorded recorded) {
                    outcomes[i] = SKIPPED;
                    details[i] = "the learner got a certificate here meanwhile (certificate "
                            + recorded.certificate().id() + ")";
                } else {
                    outcomes[i] = SKIPPED;
                    details[i] = "not eligible: " + ((IssuanceService.Ineligible) outcome).reason();
                }
            }
        }
        List<Certificate> adopted = lifecycle.adoptImported(adoptions, actor);
        for (int n = 0; n < adopted.size(); n++) {
            Certificate c = adopted.get(n);
            int i = adoptedAt.get(n);
            outcomes[i] = ACCEPTED;
            if (c.status() == CertificateStatus.PROCESSING) {
                queue.schedule(c.id(), now);
                details[i] = "POK credential " + c.pok().credentialId() + " taken over without an issue call; its "
                        + "state is asked of POK (certificate " + c.id() + ")";
            } else {
                details[i] = "POK credential " + c.pok().credentialId() + " taken over as EMITTED without an issue "
                        + "call (certificate " + c.id() + ")";
            }
        }
        List<ImportRepository.Outcome> written = new ArrayList<>(lines.size());
        int accepted = 0;
        for (int i = 0; i < lines.size(); i++) {
            written.add(new ImportRepository.Outcome(lines.get(i).seq(), outcomes[i], details[i]));
            accepted += ACCEPTED.equals(outcomes[i]) ? 1 : 0;
        }
        int cursor = lines.get(lines.size() - 1).seq();
        jobs.applied(jobId, written, cursor, accepted, lines.size() - accepted, now);
        return cursor;
    }

    /** The dry run's words for what {@link #apply} would do. */
    private LineReport foresee(StoredLine line, Decision decision, Decider decider) {
        String file = fileOf(line.kind());
        if (decision instanceof Skip skip) {
            return new LineReport(file, line.lineNo(), SKIPPED, skip.reason());
        }
        if (decision instanceof CreateTemplate create) {
            decider.templatedByImport.add(create.template().courseKey().value());
            return new LineReport(file, line.lineNo(), ACCEPTED,
                    "course template to be created: " + describe(create.template()));
        }
        if (decision instanceof Adopt adopt) {
            CertificateLifecycle.Adoption a = new CertificateLifecycle.Adoption(adopt.certificate().courseKey(),
                    adopt.certificate().learner(), adopt.certificate().credential(), "");
            return new LineReport(file, line.lineNo(), ACCEPTED, a.status() == CertificateStatus.EMITTED
                    ? "POK credential " + adopt.certificate().credentialId() + " to be taken over as EMITTED without "
                            + "an issue call"
                    : "POK credential " + adopt.certificate().credentialId() + " to be taken over without an issue "
                            + "call; its state (" + adopt.certificate().state() + ") is asked of POK");
        }
        Queue q = (Queue) decision;
        if (!decider.templatedByImport.contains(q.certificate().courseKey().value())
                && eligibility.decide(q.request("dry run")) instanceof EligibilityPolicy.Ineligible ineligible) {
            return new LineReport(file, line.lineNo(), SKIPPED, "not eligible: " + ineligible.reason());
        }
        return new LineReport(file, line.lineNo(), ACCEPTED, "no POK credential in the export: to be queued for "
                + "issuance");
    }

    private static String describe(ExportedTemplate t) {
        return t.courseKey() + " issues with POK template " + t.templateId() + " (" + t.emissionType().wireValue()
                + (t.pageId() == null ? "" : ", page " + t.pageId()) + ")";
    }

    private static String fileOf(Kind kind) {
        return kind == Kind.TEMPLATE ? "templates" : "certificates";
    }

    private Decider decider(long jobId) {
        ImportRepository.Headers headers = jobs.headers(jobId);
        return new Decider(split(headers.certificates()), headers.templates() == null ? List.of()
                : split(headers.templates()));
    }

    private static List<String> split(String header) {
        return List.of(header.split("\t", -1));
    }

    // ---- what to do with each line

    private sealed interface Decision permits Skip, CreateTemplate, Adopt, Queue {
    }

    private record Skip(String reason) implements Decision {
    }

    private record CreateTemplate(ExportedTemplate template) implements Decision {
    }

    private record Adopt(ExportedCertificate certificate) implements Decision {
    }

    private record Queue(ExportedCertificate certificate) implements Decision {
        CertificateRequest request(String source) {
            return new CertificateRequest(certificate.learner(), certificate.courseKey(), null, source);
        }
    }

    /** Decides lines in file order; remembers the learners and courses seen, so a later duplicate is told apart. */
    private final class Decider {
        private final Map<String, Integer> certificateColumns;
        private final int certificateFields;
        private final Map<String, Integer> templateColumns;
        private final int templateFields;
        private final Map<String, Integer> seen = new HashMap<>();
        /** Dry run: the courses whose template this import creates, so their queued lines count as eligible. */
        private final Set<String> templatedByImport = new HashSet<>();

        Decider(List<String> certificateHeader, List<String> templateHeader) {
            this.certificateColumns = columns(certificateHeader);
            this.certificateFields = certificateHeader.size();
            this.templateColumns = columns(templateHeader);
            this.templateFields = templateHeader.size();
        }

        List<Decision> decide(List<StoredLine> lines) {
            List<Object> parsed = new ArrayList<>(lines.size());
            Set<Long> userIds = new HashSet<>();
            for (StoredLine line : lines) {
                try {
                    List<String> fields = MysqlBatchTsv.fields(line.content());
                    Object read = line.kind() == Kind.TEMPLATE
                            ? ExportedTemplate.read(templateColumns, templateFields, fields)
                            : ExportedCertificate.read(certificateColumns, certificateFields, fields);
                    if (read instanceof ExportedCertificate c) {
                        userIds.add(c.userId());
                    }
                    parsed.add(read);
                } catch (ExportedCertificate.Refused refused) {
                    parsed.add(new Skip(refused.getMessage()));
                }
            }
            Map<String, Certificate> existing = new HashMap<>();
            for (Certificate c : certificates.findByUserIds(userIds)) {
                existing.put(key(c.learner().userId(), c.courseKey().value()), c);
            }
            List<Decision> decisions = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                Object read = parsed.get(i);
                int lineNo = lines.get(i).lineNo();
                if (read instanceof Skip skip) {
                    decisions.add(skip);
                } else if (read instanceof ExportedTemplate t) {
                    decisions.add(decideTemplate(t, lineNo));
                } else {
                    decisions.add(decideCertificate((ExportedCertificate) read, lineNo, existing));
                }
            }
            return decisions;
        }

        private Decision decideTemplate(ExportedTemplate t, int lineNo) {
            Integer first = seen.putIfAbsent("template\n" + t.courseKey().value(), lineNo);
            if (first != null) {
                return new Skip("duplicates line " + first + " (same course_id)");
            }
            return templates.findByCourse(t.courseKey()).<Decision>map(here -> t.sameAs(here)
                    ? new Skip("the course issues with this template here already")
                    : new Skip("conflicts with the course's template here (POK template " + here.templateId() + ", "
                            + here.emissionType().wireValue() + (here.pageId() == null ? "" : ", page " + here.pageId())
                            + "); the export says " + describe(t) + "; kept the one here, change it in the console "
                            + "if the export is right"))
                    .orElseGet(() -> new CreateTemplate(t));
        }

        private Decision decideCertificate(ExportedCertificate c, int lineNo, Map<String, Certificate> existing) {
            String key = key(c.userId(), c.courseKey().value());
            Integer first = seen.putIfAbsent(key, lineNo);
            if (first != null) {
                return new Skip("duplicates line " + first + " (same user_id and course_id)");
            }
            Certificate here = existing.get(key);
            if (here != null) {
                if (c.credentialId() != null && c.credentialId().equals(here.pok().credentialId())) {
                    return new Skip("already imported: certificate " + here.id() + " holds POK credential "
                            + c.credentialId());
                }
                return new Skip("the learner already holds a certificate here (certificate " + here.id() + ", "
                        + here.status() + ")" + (c.credentialId() == null ? ""
                                : "; the export's POK credential " + c.credentialId() + " was not taken over"));
            }
            return c.credentialId() != null ? new Adopt(c) : new Queue(c);
        }

        private static Map<String, Integer> columns(List<String> header) {
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.putIfAbsent(header.get(i), i);
            }
            return columns;
        }

        private static String key(long userId, String courseKey) {
            return userId + "\n" + courseKey;
        }
    }

    /** The two uploaded exports, checked and numbered in the order they are applied (templates first). */
    private record Files(MysqlBatchTsv.Parsed certificates, MysqlBatchTsv.Parsed templates, List<StoredLine> lines) {

        static Files read(InputStream certificatesTsv, InputStream templatesTsv) {
            if (certificatesTsv == null) {
                throw new ImportException("Give the export of openedx_pok_pokcertificate (file 'certificates').");
            }
            MysqlBatchTsv.Parsed certificates = MysqlBatchTsv.read(certificatesTsv, "certificates");
            requireColumns(certificates, ExportedCertificate.REQUIRED, "certificates",
                    "SELECT c.*, u.username, u.email FROM openedx_pok_pokcertificate c JOIN auth_user u ON u.id = c.user_id");
            if (!certificates.header().contains("pok_certificate_id")) {
                throw new ImportException("The certificates file has no pok_certificate_id column: without it every "
                        + "learner would be issued a second credential. Export it with SELECT c.*, u.username, u.email.");
            }
            MysqlBatchTsv.Parsed templates = null;
            if (templatesTsv != null) {
                templates = MysqlBatchTsv.read(templatesTsv, "templates");
                requireColumns(templates, ExportedTemplate.REQUIRED, "templates",
                        "SELECT * FROM openedx_pok_certificatetemplate");
            }
            List<StoredLine> lines = new ArrayList<>();
            int seq = 0;
            if (templates != null) {
                for (MysqlBatchTsv.Line line : templates.lines()) {
                    lines.add(new StoredLine(++seq, Kind.TEMPLATE, line.lineNo(), line.text(), null, null));
                }
            }
            for (MysqlBatchTsv.Line line : certificates.lines()) {
                lines.add(new StoredLine(++seq, Kind.CERTIFICATE, line.lineNo(), line.text(), null, null));
            }
            return new Files(certificates, templates, lines);
        }

        private static void requireColumns(MysqlBatchTsv.Parsed file, List<String> required, String what,
                String query) {
            List<String> missing = required.stream().filter(c -> !file.header().contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new ImportException("The " + what + " file has no " + String.join(", ", missing) + " column "
                        + "in its header line; export it with mysql --batch -e \"" + query + "\".");
            }
        }
    }
}
