package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.openedxpok.kernel.CourseFacts.CourseDetails;
import com.openedxpok.kernel.CourseFacts.Signatory;

/**
 * What we remember about a course from Open edX ({@code course_info}). Every field may be null; signatories may be
 * empty. The newest observation of a field wins: course teams rename courses and change signatories.
 *
 * @param certificateTitle    the title Open edX's certificate shows (render context, Studio's certificate settings)
 * @param displayName         the course's display name (course API, events, render context)
 * @param organizationName    the organization's long name (render context)
 * @param displayOrganization the course API's {@code org}: the display organization, or the key's org code
 * @param issuedTitle         the title the course's first submitted certificate carried (from these facts), kept for
 *                            every later one; not a fact, never changed by an observation
 * @param issuedEmitter       likewise, the emitter
 */
public record CourseInfo(
        CourseKey courseKey,
        String certificateTitle,
        String displayName,
        String organizationName,
        String displayOrganization,
        String platformName,
        List<Signatory> signatories,
        Instant modifiedAt,
        String issuedTitle,
        String issuedEmitter) {

    public CourseInfo {
        signatories = signatories == null ? List.of() : List.copyOf(signatories);
    }

    public CourseInfo(CourseKey courseKey, String certificateTitle, String displayName, String organizationName,
            String displayOrganization, String platformName, List<Signatory> signatories, Instant modifiedAt) {
        this(courseKey, certificateTitle, displayName, organizationName, displayOrganization, platformName, signatories,
                modifiedAt, null, null);
    }

    public static CourseInfo empty(CourseKey courseKey) {
        return new CourseInfo(courseKey, null, null, null, null, null, List.of(), null);
    }

    /** One source's view of a course; null fields (and an empty list) say nothing. */
    public record Observation(String certificateTitle, String displayName, String organizationName,
            String displayOrganization, String platformName, List<Signatory> signatories) {

        public Observation {
            signatories = signatories == null ? List.of() : List.copyOf(signatories);
        }
    }

    /** This info with every field the observation knows replaced by the observed value. */
    public CourseInfo with(Observation seen) {
        return new CourseInfo(courseKey, or(seen.certificateTitle(), certificateTitle),
                or(seen.displayName(), displayName), or(seen.organizationName(), organizationName),
                or(seen.displayOrganization(), displayOrganization), or(seen.platformName(), platformName),
                seen.signatories().isEmpty() ? signatories : seen.signatories(), modifiedAt, issuedTitle, issuedEmitter);
    }

    /** Whether two infos hold the same facts (the modification time and what was issued aside). */
    public boolean sameFacts(CourseInfo other) {
        return Objects.equals(certificateTitle, other.certificateTitle) && Objects.equals(displayName, other.displayName)
                && Objects.equals(organizationName, other.organizationName)
                && Objects.equals(displayOrganization, other.displayOrganization)
                && Objects.equals(platformName, other.platformName) && signatories.equals(other.signatories);
    }

    /**
     * What issuance uses. Title: the certificate's own title, else the display name. Organization: the long name,
     * else the course API's display organization when the course team set one (not merely the key's org code, which
     * would make a poor emitter: POK's organization name is better then).
     */
    public CourseDetails details() {
        String organization = organizationName;
        if (organization == null && displayOrganization != null && !displayOrganization.equals(courseKey.org())) {
            organization = displayOrganization;
        }
        return new CourseDetails(certificateTitle != null ? certificateTitle : displayName, organization, platformName,
                signatories);
    }

    private static String or(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred.strip() : fallback;
    }
}
