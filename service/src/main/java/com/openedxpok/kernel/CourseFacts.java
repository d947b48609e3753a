package com.openedxpok.kernel;

import java.util.List;

/**
 * What Open edX tells us about a course beyond its key: its title, its organization, the platform's name and the
 * signatories of its certificate. Issuance asks for them when it builds a request; the
 * implementation (package {@code openedx}) remembers them from render contexts and events and asks the LMS API when
 * it is configured. The answer may be {@link CourseDetails#UNKNOWN}: then a certificate that needs a fact waits for it
 * (HELD, released when the fact arrives).
 */
public interface CourseFacts {

    /** Knows nothing and remembers nothing. */
    CourseFacts NONE = courseKey -> CourseDetails.UNKNOWN;

    /**
     * Never null, never throws: an unreachable LMS means the answer holds less (and says so). Read fresh from the
     * database, not from a per-instance cache: a certificate released because a fact arrived must see that fact.
     */
    CourseDetails about(CourseKey courseKey);

    /**
     * Keeps the title and emitter a certificate of the course is about to be submitted with, for every later
     * certificate of the course; per field, the first one kept wins (two workers racing on a course's first two
     * certificates agree on one). Null fields (they came from the course template's overrides) are not kept.
     *
     * @return what the course keeps now: the given values, or the ones an earlier certificate kept
     */
    default Issued keep(CourseKey courseKey, Issued used) {
        return used;
    }

    /**
     * The title and emitter the course's first submitted certificate carried (from Open edX's facts); either may be
     * null.
     */
    record Issued(String title, String emitter) {

        public static final Issued NONE = new Issued(null, null);

        public boolean isEmpty() {
            return title == null && emitter == null;
        }
    }

    /**
     * @param title          the title the course's certificate shows, or null when not known
     * @param organization   the name of the organization that gives the course (for the emitter), or null
     * @param platformName   the Open edX platform's name, or null
     * @param signatories    in the order Open edX shows them; empty when not known
     * @param issued         what the course's first certificate was submitted with; never null
     * @param sourceUnavailable a source of facts (the LMS API, the database) could not be asked just now: a missing
     *                          fact may come with the next try
     */
    record CourseDetails(String title, String organization, String platformName, List<Signatory> signatories,
            Issued issued, boolean sourceUnavailable) {

        public static final CourseDetails UNKNOWN = new CourseDetails(null, null, null, List.of());

        public CourseDetails {
            signatories = signatories == null ? List.of() : List.copyOf(signatories);
            issued = issued == null ? Issued.NONE : issued;
        }

        public CourseDetails(String title, String organization, String platformName, List<Signatory> signatories) {
            this(title, organization, platformName, signatories, Issued.NONE, false);
        }
    }

    /** A person who signs the course's certificate, as configured in Studio. Any field may be null. */
    record Signatory(String name, String title, String organization) {
    }
}
