package com.openedxpok.certificate.web;

import com.openedxpok.web.ApiController;
import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

import com.openedxpok.web.InvalidInputException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Certificates: search, detail with history, the operator actions and bulk actions. */
@ApiController
@RequestMapping("/api/v1")
@Tag(name = "Certificates")
class CertificateApi {

    private final CertificateService certificates;
    private final BulkJobService bulkJobs;

    CertificateApi(CertificateService certificates, BulkJobService bulkJobs) {
        this.certificates = certificates;
        this.bulkJobs = bulkJobs;
    }

    record Confirmation(Boolean confirm) {
    }

    record MarkIssued(String credentialId) {
    }

    record LearnerCorrection(String name, String email) {
    }

    record Revocation(String reason, Boolean confirm) {
    }

    /** @param filter the same filter as the certificates list's query parameters */
    record BulkJobRequest(BulkJob.Kind kind, CertificateQuery filter) {
    }

    @GetMapping("/certificates")
    @Operation(summary = "Search certificates, newest first, one page at a time",
            description = "Filters: q (words, each the start of a word of the name, username, email, course key, "
                    + "POK credential id or user id; any case, accents ignored; % and _ match literally), status (repeatable; ATTENTION = FAILED, HELD, UNCERTAIN), "
                    + "pokState, course, emission (pok|blockchain), from, to (YYYY-MM-DD, UTC, inclusive). Paging: "
                    + "before=<olderId> for the next page, after=<newerId> for the previous one, last=true for the "
                    + "oldest page; size 1-200 (default 50). count stops at 10000 (countCapped).")
    CertificatePage search(@ModelAttribute CertificateQuery query,
            @Parameter(description = "the olderId of the current page") @RequestParam(required = false) Long before,
            @Parameter(description = "the newerId of the current page") @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "false") boolean last, @RequestParam(required = false) Integer size) {
        return certificates.page(query.toFilter(), new CertificateCursor(before, after, last, size));
    }

    @GetMapping("/certificates/{id}")
    @Operation(summary = "One certificate with its full history")
    CertificateDetail detail(@PathVariable long id) {
        return certificates.detail(id);
    }

    @PostMapping("/certificates/{id}/retry")
    @Operation(summary = "Retry now (FAILED, HELD, UNCERTAIN get a new run; waiting ones an attempt now)")
    ActionOutcome retry(@PathVariable long id, Principal me) {
        return certificates.retry(id, me.getName());
    }

    @PostMapping("/certificates/{id}/learner")
    @Operation(summary = "Correct the learner's name and email of a certificate not sent yet (QUEUED, RETRY_WAIT, "
            + "HELD, FAILED); a HELD one is queued again. 409 when nothing changes or it was sent already.")
    ActionOutcome correctLearner(@PathVariable long id, @RequestBody LearnerCorrection body, Principal me) {
        return certificates.correctLearner(id, body.name(), body.email(), me.getName());
    }

    @PostMapping("/certificates/{id}/refresh")
    @Operation(summary = "Read the credential's state from POK now")
    ActionOutcome refresh(@PathVariable long id, Principal me) {
        return certificates.refresh(id, me.getName());
    }

    @PostMapping("/certificates/{id}/issue-again")
    @Operation(summary = "Issue a new credential; needs {\"confirm\": true}. A blockchain emission spends a credit.")
    ActionOutcome issueAgain(@PathVariable long id, @RequestBody(required = false) Confirmation body, Principal me) {
        return certificates.issueAgain(id, body != null && Boolean.TRUE.equals(body.confirm()), me.getName());
    }

    @PostMapping("/certificates/{id}/mark-issued")
    @Operation(summary = "Settle an UNCERTAIN or FAILED certificate with the POK credential id that exists")
    ActionOutcome markIssued(@PathVariable long id, @RequestBody MarkIssued body, Principal me) {
        if (body.credentialId() == null || body.credentialId().isBlank()) {
            throw new InvalidInputException("Give the POK credential id: {\"credentialId\": \"…\"}");
        }
        return certificates.markIssued(id, body.credentialId(), me.getName());
    }

    @PostMapping("/certificates/{id}/revoke")
    @Operation(summary = "Revoke here (not in POK); needs {\"confirm\": true}")
    ActionOutcome revoke(@PathVariable long id, @RequestBody(required = false) Revocation body, Principal me) {
        boolean confirmed = body != null && Boolean.TRUE.equals(body.confirm());
        return certificates.revoke(id, body == null ? null : body.reason(), confirmed, me.getName());
    }

    @PostMapping("/bulk-jobs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Start a bulk action (RETRY_FAILED, REFRESH_PROCESSING) on the certificates of a filter")
    BulkJob startBulkJob(@RequestBody BulkJobRequest body, Principal me) {
        if (body.kind() == null) {
            throw new InvalidInputException("kind is RETRY_FAILED or REFRESH_PROCESSING");
        }
        CertificateQuery filter = body.filter() == null ? CertificateQuery.NONE : body.filter();
        return bulkJobs.start(body.kind(), filter.toFilter(), me.getName());
    }

    @GetMapping("/bulk-jobs")
    @Operation(summary = "The latest bulk jobs")
    List<BulkJob> bulkJobs() {
        return bulkJobs.recent(50);
    }

    @GetMapping("/bulk-jobs/{id}")
    @Operation(summary = "A bulk job's progress (percent reaches 100 when it is finished)")
    BulkJob bulkJob(@PathVariable long id) {
        return bulkJobs.get(id);
    }
}
