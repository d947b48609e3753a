package com.openedxpok.backfill;

import com.openedxpok.web.ApiController;
import java.io.InputStream;
import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.openedxpok.web.InvalidInputException;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.issuance.RevokeInPokRepository;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Backfill of certificates Open edX issued before POK was enabled, and the "revoke in POK as well" list. */
@ApiController
@RequestMapping("/api/v1")
@Tag(name = "Open edX backfill")
class BackfillApi {

    private final BackfillConsoleService backfill;

    BackfillApi(BackfillConsoleService backfill) {
        this.backfill = backfill;
    }

    /** @param allEnabled true for a job per enabled course (then {@code course} is ignored) */
    record StartRequest(String course, Boolean allEnabled) {
    }

    /** A job with its progress; {@code percent} is null while the job is still counting the learners. */
    record BackfillJobView(@JsonUnwrapped BackfillProgress job, Integer percent) {
        static BackfillJobView of(BackfillProgress progress) {
            return new BackfillJobView(progress,
                    progress.percent().isPresent() ? progress.percent().getAsInt() : null);
        }
    }

    /** One certificate to revoke in POK too. */
    record RevokeInPokView(long certificateId, String username, String courseKey, String pokCredentialId,
            String viewUrl, String reason, java.time.Instant requestedAt) {
        static RevokeInPokView of(RevokeInPokRepository.Item item) {
            Certificate c = item.certificate();
            return new RevokeInPokView(c.id(), c.learner().username(), c.courseKey().toString(),
                    c.pok() == null ? null : c.pok().credentialId(), c.pok() == null ? null : c.pok().viewUrl(),
                    item.reason(), item.requestedAt());
        }
    }

    @GetMapping("/backfill/dry-run")
    @Operation(summary = "Count, without queuing anything, what a backfill would do (reads every page of the LMS's "
            + "grades); without 'course', every enabled course. 409 when the LMS API is not configured.")
    List<BackfillDryRun> dryRun(@Parameter(description = "a course key; omit for every enabled course")
            @RequestParam(required = false) String course) {
        return backfill.dryRun(course);
    }

    @PostMapping("/backfill")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Start a backfill: {\"course\": \"course-v1:…\"} or {\"allEnabled\": true}; a course's "
            + "running job is returned instead of a second one")
    List<BackfillJobView> start(@RequestBody StartRequest body, Principal me) {
        if (body == null) {
            throw new InvalidInputException("Give {\"course\": \"…\"} or {\"allEnabled\": true}");
        }
        return backfill.start(body.course(), Boolean.TRUE.equals(body.allEnabled()), me.getName()).stream()
                .map(BackfillJobView::of).toList();
    }

    @GetMapping("/backfill/{id}")
    @Operation(summary = "A backfill job and its progress")
    BackfillJobView job(@PathVariable long id) {
        return BackfillJobView.of(backfill.job(id));
    }

    @PostMapping("/backfill/{id}/cancel")
    @Operation(summary = "Stop a running job after its current page; what it queued stays queued")
    BackfillJobView cancel(@PathVariable long id, Principal me) {
        return BackfillJobView.of(backfill.cancel(id, me.getName()));
    }

    @PostMapping("/backfill/{id}/resume")
    @Operation(summary = "Take a FAILED or CANCELLED job up again where it stopped")
    BackfillJobView resume(@PathVariable long id, Principal me) {
        return BackfillJobView.of(backfill.resume(id, me.getName()));
    }

    @PostMapping(path = "/backfill/csv", consumes = {"text/csv", "text/plain"})
    @Operation(summary = "Queue a certificate for each valid row of a CSV body "
            + "(user_id,username,email,full_name,course_key[,grade,language]); needs no LMS API")
    CsvImportReport importCsv(InputStream body, Principal me) {
        return backfill.importCsv(body, me.getName());
    }

    @GetMapping("/revoke-in-pok")
    @Operation(summary = "Certificates Open edX revoked after POK emitted them: revoke each in POK too, then mark "
            + "it done (oldest first, at most 500)")
    List<RevokeInPokView> revokeInPok() {
        return backfill.revokeInPok().stream().map(RevokeInPokView::of).toList();
    }

    @PostMapping("/revoke-in-pok/{certificateId}/done")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "The credential is revoked in POK as well: take it off the list")
    void revokedInPok(@PathVariable long certificateId, Principal me) {
        backfill.revokedInPok(certificateId, me.getName());
    }
}
