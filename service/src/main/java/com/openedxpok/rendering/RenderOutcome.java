package com.openedxpok.rendering;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.issuance.IssuanceTarget;
import com.openedxpok.kernel.CourseKey;

/** What the render webfilter decided to show for one view of a learner's certificate. */
sealed interface RenderOutcome {

    /** Answer {@code {}}: Open edX renders its own certificate page. */
    record OpenedxPage(Why why) implements RenderOutcome {
    }

    /** The emitted certificate: our page (RenderCustomResponse) or, in redirect mode, POK's view page. */
    record EmittedCertificate(Certificate certificate) implements RenderOutcome {
    }

    /** Not emitted yet: a status page with a message that fits. */
    record Status(Certificate certificate, StatusKind kind) implements RenderOutcome {
    }

    /** Revoked, or POK ended the credential without anything to show: Open edX's "invalid certificate" page. */
    record Invalid(Certificate certificate) implements RenderOutcome {
    }

    /**
     * Nobody holds a certificate for the viewer in a course that issues POK certificates (course staff previewing
     * the certificate from Studio): a page labelled as a preview, with the template preview image of the course.
     *
     * @param mode the enrollment mode the view is for (Studio's {@code ?preview=}), or null
     */
    record Preview(CourseKey courseKey, IssuanceTarget target, String mode) implements RenderOutcome {
    }

    /** Why Open edX renders its own page; named in metrics and warnings (never with personal data). */
    enum Why {
        COURSE_NOT_ENABLED,
        NO_CERTIFICATE,
        MALFORMED_PAYLOAD,
        ERROR
    }
}
