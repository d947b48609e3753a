package com.openedxpok.issuance;

import java.util.List;

import com.openedxpok.openedx.CourseKey;

/**
 * What Open edX tells us about a course beyond its key: its title, its organization, the platform's name and the
 * signatories of its certificate. {@link IssueRequestFactory} asks for them when it builds a request; the
 * implementation (package {@code openedx}) remembers them from render contexts and events and asks the LMS API when
 * it is configured. Issuance must work without any of it, so the answer may be {@link CourseDetails#UNKNOWN}.
 */
public interface CourseFacts {

    /** Knows nothing: the behaviour of the service before Open edX data was connected. */
    CourseFacts NONE = courseKey -> CourseDetails.UNKNOWN;

    /** Never null, never throws: an unreachable LMS means the answer holds less. */
    CourseDetails about(CourseKey courseKey);

    /**
     * @param title        the title the course's certificate shows, or null when not known
     * @param organization the name of the organization that gives the course (for the emitter), or null
     * @param platformName the Open edX platform's name, or null
     * @param signatories  in the order Open edX shows them; empty when not known
     */
    record CourseDetails(String title, String organization, String platformName, List<Signatory> signatories) {

        public static final CourseDetails UNKNOWN = new CourseDetails(null, null, null, List.of());

        public CourseDetails {
            signatories = signatories == null ? List.of() : List.copyOf(signatories);
        }
    }

    /** A person who signs the course's certificate, as configured in Studio. Any field may be null. */
    record Signatory(String name, String title, String organization) {
    }
}
