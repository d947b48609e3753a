package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.InvalidCourseKeyException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.Learner;

/**
 * Open edX's "certificate creation requested" filter, forwarded by openedx-webhooks. Always lets Open edX create its
 * own certificate ({@code {}}): the learner's certificate page only exists if it does. Never answers
 * {@code PreventCertificateCreation}, never returns {@code data.user} or {@code data.profile}.
 */
@RestController
@OpenedxEndpoint
class CreationWebfilterController {

    private static final Logger log = LoggerFactory.getLogger(CreationWebfilterController.class);
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
        String username = payload.text("user", "username").orElse(null);
        String name = payload.text("profile", "name").orElse(null);
        String email = payload.text("user", "email").orElse(null);
        String mode = payload.text("mode").orElse(null);
        // Bounded by the record itself; over-long values keep the certificate and are said in its history.
        Learner learner = new Learner(userId, username, name, email, payload.text("profile", "language").orElse(null),
                mode, grade);
        List<String> notKept = Learner.notKeptWhole(username, name, email, mode);
        if (!notKept.isEmpty()) {
            log.info("Creation webfilter for user {}: {}", userId, String.join("; ", notKept));
        }
        String generation = bounded(payload.text("generation_mode").orElse("unknown"));
        // Open edX has already decided to create the certificate: a grade that did not pass means the learner is on
        // the course's allowlist, which is said in the history rather than refused.
        boolean allowlisted = payload.bool("grade", "passed").map(passed -> !passed).orElse(false);
        return new CertificateRequest(learner, courseKey, bounded(payload.text("status").orElse(null)),
                "creation webfilter (" + generation + (allowlisted ? ", grade not passing: allowlisted" : "")
                        + (notKept.isEmpty() ? "" : "; " + String.join("; ", notKept)) + ")");
    }

    /** Open edX's statuses and generation modes are short words; a longer text is not one of them. */
    private static String bounded(String word) {
        return word == null || word.length() <= 64 ? word : word.substring(0, 64);
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
