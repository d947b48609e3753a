package com.openedxpok.issuance;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.kernel.CourseKey;

/** Who gets a POK certificate, decided in this one place. */
@Component
public class EligibilityPolicy {

    /**
     * Open edX statuses that mean the learner has no certificate to show (edx-platform's {@code CertificateStatuses}).
     * Any other status, and none at all (what edx-platform's generation handler normally sends), means Open edX is
     * creating the certificate: the creation filter only runs then, so its grade is not checked again here (an
     * allowlisted learner gets a certificate with a grade that did not pass).
     */
    private static final Set<String> NOT_EARNED = Set.of("unverified", "notpassing", "audit_notpassing",
            "audit_passing", "restricted", "unavailable", "invalidated", "deleted", "deleting");

    private final CourseTemplateRepository templates;
    private final ServiceConfig config;

    public EligibilityPolicy(CourseTemplateRepository templates, ServiceConfig config) {
        this.templates = templates;
        this.config = config;
    }

    /** The answer: eligible with the template to issue with, or not, with the reason. */
    public sealed interface Decision {
    }

    public record Eligible(IssuanceTarget target) implements Decision {
    }

    public record Ineligible(String reason) implements Decision {
    }

    public Decision decide(CertificateRequest request) {
        Optional<IssuanceTarget> target = target(request.courseKey());
        if (target.isEmpty()) {
            return new Ineligible("course " + request.courseKey() + " is not enabled for POK");
        }
        String mode = request.learner().mode();
        if (!config.issuance().isModeEligible(mode)) {
            return new Ineligible("enrollment mode '" + mode + "' is not eligible");
        }
        String status = request.enrollmentStatus() == null ? "" : request.enrollmentStatus().toLowerCase(Locale.ROOT);
        if (NOT_EARNED.contains(status)) {
            return new Ineligible("Open edX certificate status is '" + status + "'");
        }
        BigDecimal grade = request.learner().grade();
        if (grade != null && grade.signum() < 0) {
            return new Ineligible("the grade is negative");
        }
        return new Eligible(target.get());
    }

    /** The template a course issues with now: its enabled course template, else the default one if issuing for all. */
    public Optional<IssuanceTarget> target(CourseKey courseKey) {
        String defaultPage = config.pok().pageId();
        var courseTemplate = templates.findByCourse(courseKey);
        if (courseTemplate.isPresent()) {
            return courseTemplate.filter(t -> t.enabled()).map(t -> IssuanceTarget.of(t, defaultPage));
        }
        if (config.issuance().issueForAllCourses()) {
            return config.pok().defaultTemplateId().map(id -> IssuanceTarget.defaultTemplate(id, defaultPage));
        }
        return Optional.empty();
    }
}
