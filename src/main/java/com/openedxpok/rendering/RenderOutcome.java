package com.openedxpok.rendering;

import com.openedxpok.issuance.Certificate;

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

    /** Why Open edX renders its own page; named in metrics and warnings (never with personal data). */
    enum Why {
        COURSE_NOT_ENABLED,
        NO_CERTIFICATE,
        MALFORMED_PAYLOAD,
        ERROR
    }
}
