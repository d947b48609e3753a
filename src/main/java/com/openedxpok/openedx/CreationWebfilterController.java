package com.openedxpok.openedx;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.issuance.Learner;

/**
 * Open edX's "certificate creation requested" filter, forwarded by openedx-webhooks. Always lets Open edX create its
 * own certificate ({@code {}}): the learner's certificate page only exists if it does. Never answers
 * {@code PreventCertificateCreation}, never returns {@code data.user} or {@code data.profile}.
 */
@RestController
@OpenedxEndpoint
class CreationWebfilterController {

    private final IssuanceService issuance;

    CreationWebfilterController(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @PostMapping(path = "/openedx/webfilters/certificate-creation-requested", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> creationRequested(HttpServletRequest httpRequest) {
        issuance.request(toRequest(WebhookPayload.read(httpRequest)));
        return Map.of();
    }

    /** Reads only what POK needs; the password hash and every other field are never touched. */
    static CertificateRequest toRequest(WebhookPayload payload) {
        long userId = payload.wholeNumber("user", "id")
                .or(() -> payload.wholeNumber("profile", "user_id"))
                .orElseThrow(() -> new MalformedPayloadException("user.id is missing"));
        if (userId <= 0) {
            throw new MalformedPayloadException("user.id must be a positive number");
        }
        CourseKey courseKey;
        try {
            courseKey = CourseKey.parse(payload.text("course_key")
                    .orElseThrow(() -> new MalformedPayloadException("course_key is missing")));
        } catch (InvalidCourseKeyException e) {
            throw new MalformedPayloadException(e.getMessage());
        }
        BigDecimal grade = payload.decimal("grade", "percent").map(CreationWebfilterController::fraction).orElse(null);
        Learner learner = new Learner(userId,
                payload.text("user", "username").orElse(null),
                payload.text("profile", "name").orElse(null),
                payload.text("user", "email").orElse(null),
                payload.text("profile", "language").orElse(null),
                payload.text("mode").orElse(null),
                grade);
        String generation = payload.text("generation_mode").orElse("unknown");
        // Open edX has already decided to create the certificate: a grade that did not pass means the learner is on
        // the course's allowlist, which is said in the history rather than refused.
        boolean allowlisted = payload.bool("grade", "passed").map(passed -> !passed).orElse(false);
        return new CertificateRequest(learner, courseKey, payload.text("status").orElse(null),
                "creation webfilter (" + generation + (allowlisted ? ", grade not passing: allowlisted" : "") + ")");
    }

    /** Open edX sends 0.87; be liberal and read 87 as 87% too. */
    private static BigDecimal fraction(BigDecimal percent) {
        BigDecimal value = percent.compareTo(BigDecimal.ONE) > 0 ? percent.movePointLeft(2) : percent;
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new MalformedPayloadException("grade.percent must be between 0 and 1");
        }
        return value;
    }

}
