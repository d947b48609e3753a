package com.openedxpok.certificate.web;

import com.openedxpok.web.InvalidInputException;
import com.openedxpok.web.NotFoundException;
import java.util.List;

import org.springframework.stereotype.Service;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateFilter;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateSearch;
import com.openedxpok.issuance.OperatorActionService;
import com.openedxpok.kernel.EmissionType;

/**
 * The certificates area of the console and the REST API: finding certificates and acting on one. Every action goes
 * through {@link OperatorActionService}, which checks it against the state machine and writes it into the certificate's
 * history with the operator's name.
 */
@Service
public class CertificateService {

    static final int COUNT_CAP = 10_000;

    private final CertificateRepository certificates;
    private final CertificateSearch search;
    private final CertificateEventRepository events;
    private final CourseTemplateRepository courseTemplates;
    private final OperatorActionService actions;

    public CertificateService(CertificateRepository certificates, CertificateSearch search,
            CertificateEventRepository events, CourseTemplateRepository courseTemplates, OperatorActionService actions) {
        this.certificates = certificates;
        this.search = search;
        this.events = events;
        this.courseTemplates = courseTemplates;
        this.actions = actions;
    }

    public CertificatePage page(CertificateFilter filter, CertificateCursor cursor) {
        int size = cursor.pageSize();
        CertificateSearch.PageFrom from = cursor.from();
        // One row more than shown tells whether there is a page beyond, without another query.
        List<Certificate> rows = search.page(filter, from, cursor.edgeId(), size + 1);
        boolean beyond = rows.size() > size;
        if (beyond) {
            rows = from == CertificateSearch.PageFrom.NEWER_THAN || from == CertificateSearch.PageFrom.OLDEST
                    ? rows.subList(1, rows.size()) : rows.subList(0, size);
        }
        List<CertificateSummary> items = rows.stream().map(CertificateSummary::of).toList();
        Long newerId = null;
        Long olderId = null;
        if (!items.isEmpty()) {
            long newest = items.get(0).id();
            long oldest = items.get(items.size() - 1).id();
            boolean hasNewer = switch (from) {
                case NEWEST -> false;
                case NEWER_THAN, OLDEST -> beyond;
                case OLDER_THAN -> search.existsBeyond(filter, newest, true);
            };
            boolean hasOlder = switch (from) {
                case OLDEST -> false;
                case NEWEST, OLDER_THAN -> beyond;
                case NEWER_THAN -> search.existsBeyond(filter, oldest, false);
            };
            newerId = hasNewer ? newest : null;
            olderId = hasOlder ? oldest : null;
        }
        long count = search.countUpTo(filter, COUNT_CAP);
        return new CertificatePage(items, count, count >= COUNT_CAP, newerId, olderId);
    }

    /**
     * How many certificates of the filter each bulk action (by its kind's name) would touch, counted up to
     * {@link #COUNT_CAP}: the console
     * offers only the actions with something to do, rather than a job of "0 of 0".
     */
    public java.util.Map<String, Long> bulkCandidates(CertificateFilter filter) {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (BulkJob.Kind kind : BulkJob.Kind.values()) {
            counts.put(kind.name(), filter.narrowedTo(kind.status()).map(f -> search.countUpTo(f, COUNT_CAP))
                    .orElse(0L));
        }
        return counts;
    }

    public CertificateDetail detail(long id) {
        Certificate c = certificates.findById(id).orElseThrow(() -> new NotFoundException("No certificate " + id));
        return new CertificateDetail(CertificateSummary.of(c), events.history(id), isBlockchain(c));
    }

    public ActionOutcome retry(long id, String operator) {
        return new ActionOutcome(CertificateSummary.of(actions.retryNow(id, operator)),
                "Retry requested: the worker takes the certificate now.");
    }

    /** Corrects the learner's name and email of a certificate not yet sent; a HELD one goes back to the queue. */
    public ActionOutcome correctLearner(long id, String name, String email, String operator) {
        OperatorActionService.LearnerCorrected done = actions.correctLearner(id, name, email, operator);
        String what = "The learner's " + String.join(" and ", done.changed()) + " corrected";
        return new ActionOutcome(CertificateSummary.of(done.certificate()), done.requeued()
                ? what + "; the certificate is queued again and the worker takes it now."
                : what + "; the next attempt uses them.");
    }

    public ActionOutcome refresh(long id, String operator) {
        return new ActionOutcome(CertificateSummary.of(actions.refreshFromPok(id, operator)),
                "Refresh requested: the worker asks POK about the credential now.");
    }

    public ActionOutcome issueAgain(long id, boolean confirmed, String operator) {
        if (!confirmed) {
            throw new InvalidInputException("Confirm that a new credential should be issued (tick the box)");
        }
        return new ActionOutcome(CertificateSummary.of(actions.issueAgain(id, operator)),
                "A new credential will be issued; the one we knew of is forgotten here (it still exists in POK).");
    }

    public ActionOutcome markIssued(long id, String credentialId, String operator) {
        return new ActionOutcome(CertificateSummary.of(actions.markIssued(id, credentialId, operator)),
                "Marked as issued with POK credential " + credentialId.strip() + "; the worker reads it from POK now.");
    }

    public ActionOutcome revoke(long id, String reason, boolean confirmed, String operator) {
        if (!confirmed) {
            throw new InvalidInputException("Confirm the revocation (tick the box)");
        }
        return new ActionOutcome(CertificateSummary.of(actions.revokeLocally(id, reason, operator)),
                "Revoked here. POK has no revoke API we know of: revoke the credential in POK as well.");
    }

    /**
     * The emission type a new issue would use: the course template's (what issuing again would send), else what
     * POK was last asked for.
     */
    private boolean isBlockchain(Certificate c) {
        EmissionType type = courseTemplates.findByCourse(c.courseKey()).map(CourseTemplate::emissionType)
                .orElse(c.pok().emissionType());
        return type == EmissionType.BLOCKCHAIN;
    }
}
