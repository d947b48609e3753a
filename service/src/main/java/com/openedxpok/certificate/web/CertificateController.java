package com.openedxpok.certificate.web;

import com.openedxpok.web.ConsoleController;
import java.security.Principal;
import java.util.Arrays;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import com.openedxpok.coursetemplate.web.CourseTemplateService;
import com.openedxpok.web.InvalidInputException;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.OperatorActionService;

/** Certificates: the searchable list, one certificate with its history, its actions and bulk actions. */
@ConsoleController
class CertificateController {

    private final CertificateService certificates;
    private final BulkJobService bulkJobs;
    private final CourseTemplateService courseTemplates;

    CertificateController(CertificateService certificates, BulkJobService bulkJobs, CourseTemplateService courseTemplates) {
        this.certificates = certificates;
        this.bulkJobs = bulkJobs;
        this.courseTemplates = courseTemplates;
    }

    /** Links of the pager, keeping the filter. */
    record PageLinks(String newest, String newer, String older, String oldest) {
    }

    @GetMapping("/admin/certificates")
    String list(@ModelAttribute("query") CertificateQuery query, @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after, @RequestParam(defaultValue = "false") boolean last,
            @RequestParam(required = false) Integer size, HttpServletRequest request, Model model) {
        model.addAttribute("statuses", CertificateStatus.values());
        model.addAttribute("bulkKinds", BulkJob.Kind.values());
        model.addAttribute("courses", courseTemplates.list().stream().map(t -> t.courseKey().value()).toList());
        try {
            var page = certificates.page(query.toFilter(), new CertificateCursor(before, after, last, size));
            model.addAttribute("page", page);
            model.addAttribute("bulkCandidates", certificates.bulkCandidates(query.toFilter()));
            String base = request.getContextPath() + "/admin/certificates";
            model.addAttribute("links", new PageLinks(link(base, query, size, null, null, false),
                    link(base, query, size, null, page.newerId(), false),
                    link(base, query, size, page.olderId(), null, false),
                    link(base, query, size, null, null, true)));
        } catch (InvalidInputException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "admin/certificates";
    }

    @GetMapping("/admin/certificates/{id}")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("detail", certificates.detail(id));
        return "admin/certificate";
    }

    @PostMapping("/admin/certificates/{id}/retry")
    String retry(@PathVariable long id, Principal me, RedirectAttributes flash) {
        return act(id, flash, () -> certificates.retry(id, me.getName()));
    }

    @PostMapping("/admin/certificates/{id}/learner")
    String correctLearner(@PathVariable long id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String email, Principal me, RedirectAttributes flash) {
        return act(id, flash, () -> certificates.correctLearner(id, name, email, me.getName()));
    }

    @PostMapping("/admin/certificates/{id}/refresh")
    String refresh(@PathVariable long id, Principal me, RedirectAttributes flash) {
        return act(id, flash, () -> certificates.refresh(id, me.getName()));
    }

    @PostMapping("/admin/certificates/{id}/issue-again")
    String issueAgain(@PathVariable long id, @RequestParam(defaultValue = "false") boolean confirm, Principal me,
            RedirectAttributes flash) {
        return act(id, flash, () -> certificates.issueAgain(id, confirm, me.getName()));
    }

    @PostMapping("/admin/certificates/{id}/mark-issued")
    String markIssued(@PathVariable long id, @RequestParam(defaultValue = "") String credentialId, Principal me,
            RedirectAttributes flash) {
        return act(id, flash, () -> certificates.markIssued(id, credentialId, me.getName()));
    }

    @PostMapping("/admin/certificates/{id}/revoke")
    String revoke(@PathVariable long id, @RequestParam(required = false) String reason,
            @RequestParam(defaultValue = "false") boolean confirm, Principal me, RedirectAttributes flash) {
        return act(id, flash, () -> certificates.revoke(id, reason, confirm, me.getName()));
    }

    @PostMapping("/admin/certificates/bulk")
    String bulk(@RequestParam String kind, @ModelAttribute CertificateQuery query, Principal me,
            RedirectAttributes flash) {
        try {
            BulkJob.Kind jobKind = Arrays.stream(BulkJob.Kind.values()).filter(k -> k.name().equals(kind)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("Unknown bulk action '" + kind + "'"));
            if (certificates.bulkCandidates(query.toFilter()).get(jobKind.name()) == 0) {
                // The page no longer offers it; a stale page or a hand-made post still gets the reason, not a job.
                throw new InvalidInputException(jobKind.label() + ": nothing to do, no "
                        + jobKind.status().label() + " certificate matches this filter");
            }
            BulkJob job = bulkJobs.start(jobKind, query.toFilter(), me.getName());
            flash.addFlashAttribute("message", jobKind.label() + ": " + job.total() + " certificate(s) of your filter.");
            return "redirect:/admin/jobs/" + job.id();
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/admin/certificates";
        }
    }

    private static String act(long id, RedirectAttributes flash, Supplier<ActionOutcome> action) {
        try {
            flash.addFlashAttribute("message", action.get().message());
        } catch (OperatorActionService.NotAllowedException | InvalidInputException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/certificates/" + id;
    }

    private static String link(String base, CertificateQuery query, Integer size, Long before, Long after,
            boolean last) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(base);
        addIfSet(uri, "q", query.q());
        query.status().forEach(s -> uri.queryParam("status", s));
        addIfSet(uri, "pokState", query.pokState());
        addIfSet(uri, "course", query.course());
        addIfSet(uri, "emission", query.emission());
        addIfSet(uri, "from", query.from());
        addIfSet(uri, "to", query.to());
        if (size != null) {
            uri.queryParam("size", size);
        }
        if (before != null) {
            uri.queryParam("before", before);
        }
        if (after != null) {
            uri.queryParam("after", after);
        }
        if (last) {
            uri.queryParam("last", true);
        }
        return uri.encode().build().toUriString();
    }

    private static void addIfSet(UriComponentsBuilder uri, String name, String value) {
        if (value != null && !value.isBlank()) {
            // Encoded as a template variable, so that '+' in a course key is sent as %2B and not read as a space.
            uri.queryParam(name, "{" + name + "}");
            uri.uriVariables(java.util.Map.of(name, value));
        }
    }
}
