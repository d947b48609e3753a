package com.openedxpok.backfill;

import com.openedxpok.web.InvalidInputException;
import com.openedxpok.web.NotFoundException;
import java.io.InputStream;
import java.util.List;

import org.springframework.stereotype.Service;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.InvalidCourseKeyException;
import com.openedxpok.issuance.RevokeInPokRepository;

/**
 * What the console's Backfill and "Revoke in POK as well" pages and their REST endpoints do: the course key parsed
 * from the operator's text, a missing job or list entry turned into {@link NotFoundException}. Operator-facing
 * failures of the backfill itself stay {@code BackfillException} (its message is safe to show).
 */
@Service
public class BackfillConsoleService {

    /** Jobs the Backfill page lists. */
    public static final int RECENT_JOBS = 20;
    /** Entries the "Revoke in POK as well" page lists (oldest first). */
    public static final int REVOKE_ROWS = 500;

    private final BackfillService backfill;
    private final RevokeInPokRepository revokeInPok;

    public BackfillConsoleService(BackfillService backfill, RevokeInPokRepository revokeInPok) {
        this.backfill = backfill;
        this.revokeInPok = revokeInPok;
    }

    public boolean apiAvailable() {
        return backfill.apiAvailable();
    }

    public List<CourseKey> enabledCourses() {
        return backfill.enabledCourses();
    }

    /** One course when {@code course} is given, else every enabled course. */
    public List<BackfillDryRun> dryRun(String course) {
        if (course == null || course.isBlank()) {
            return backfill.dryRunAllEnabled();
        }
        return List.of(backfill.dryRun(courseKey(course)));
    }

    public List<BackfillProgress> start(String course, boolean allEnabled, String operator) {
        if (allEnabled) {
            return backfill.startAllEnabled(operator);
        }
        if (course == null || course.isBlank()) {
            throw new InvalidInputException("Give a course key, or ask for every enabled course");
        }
        return List.of(backfill.start(courseKey(course), operator));
    }

    public BackfillProgress job(long id) {
        return backfill.progress(id).orElseThrow(() -> new NotFoundException("No backfill job " + id));
    }

    public List<BackfillProgress> recent() {
        return backfill.recent(RECENT_JOBS);
    }

    public BackfillProgress cancel(long id, String operator) {
        job(id);
        return backfill.cancel(id, operator);
    }

    public BackfillProgress resume(long id, String operator) {
        job(id);
        return backfill.resume(id, operator);
    }

    public CsvImportReport importCsv(InputStream csv, String operator) {
        return backfill.importCsv(csv, operator);
    }

    public List<RevokeInPokRepository.Item> revokeInPok() {
        return revokeInPok.pending(REVOKE_ROWS);
    }

    public long revokeInPokCount() {
        return revokeInPok.pendingCount();
    }

    public void revokedInPok(long certificateId, String operator) {
        if (!revokeInPok.markDone(certificateId, operator)) {
            throw new NotFoundException("Certificate " + certificateId + " is not on the \"revoke in POK\" list");
        }
    }

    private static CourseKey courseKey(String text) {
        try {
            return CourseKey.parse(text.strip());
        } catch (InvalidCourseKeyException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
