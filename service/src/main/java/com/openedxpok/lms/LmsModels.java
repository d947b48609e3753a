package com.openedxpok.lms;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;


/** The few fields we read from each Open edX API answer. Everything else in those answers is never kept. */
public final class LmsModels {

    private LmsModels() {
    }

    /**
     * {@code GET /api/courses/v1/courses/{course_key}/}.
     *
     * @param name         the course's display name
     * @param organization the course's display organization ({@code org}); the org code of the key unless the course
     *                     team set another one
     */
    public record Course(String name, String organization, String number) {
    }

    /** {@code GET /api/user/v1/accounts/{username}}: who the learner is. Email and name may be null. */
    public record Account(long userId, String username, String name, String email) {

        @Override
        public String toString() {
            // Records print every field; an account must not end up in a log line by accident.
            return "Account[userId=" + userId + "]";
        }
    }

    /**
     * {@code GET /api/certificates/v0/certificates/{username}/courses/{course_key}/}.
     *
     * @param status          Open edX's certificate status ({@code downloadable}, {@code notpassing}, …)
     * @param certificateType the enrollment mode the certificate was issued for ({@code verified}, {@code honor}, …)
     * @param grade           the grade as a fraction (0.87), or null when Open edX did not say
     * @param verifyUuid      the certificate's {@code verify_uuid} (32 hex digits, lower case), read from the
     *                        {@code download_url} of a web certificate ({@code /certificates/<verify_uuid>}); null for
     *                        a PDF certificate, one not downloadable, or an LMS that does not say
     */
    public record Certificate(String username, String status, String certificateType, BigDecimal grade,
            String verifyUuid) {

        /** {@code /certificates/<32 hex digits>} at the end of the path, as edx-platform's get_certificate_url builds. */
        private static final java.util.regex.Pattern WEB_CERTIFICATE_URL = java.util.regex.Pattern.compile(
                "(?:^|/)certificates/([0-9a-fA-F]{32})/?(?:[?#].*)?$");

        /** The verify_uuid in a certificate's download URL, or null when it is not a web certificate's URL. */
        public static String verifyUuidOf(String downloadUrl) {
            if (downloadUrl == null) {
                return null;
            }
            java.util.regex.Matcher matcher = WEB_CERTIFICATE_URL.matcher(downloadUrl.strip());
            return matcher.find() ? matcher.group(1).toLowerCase(java.util.Locale.ROOT) : null;
        }

        /** Open edX's own notion of a passing certificate ({@code CertificateStatuses.PASSED_STATUSES}). */
        public boolean passing() {
            return "downloadable".equals(status) || "generating".equals(status);
        }
    }

    /** One learner of {@code GET /api/grades/v1/courses/{course_key}/}. */
    public record Grade(String username, boolean passed, BigDecimal percent) {
    }

    /**
     * One page of course grades.
     *
     * @param next the next page's URL as the LMS gave it (checked to be on the LMS), or null on the last page
     */
    public record GradesPage(List<Grade> results, URI next) {

        public GradesPage {
            results = List.copyOf(results);
        }
    }

    /**
     * The active certificate configuration of a course in Studio ({@code GET /api/contentstore/v1/certificates/…}).
     *
     * @param courseTitle the certificate's course title override, or null
     */
    public record StudioCertificate(String courseTitle, List<Signatory> signatories) {

        public StudioCertificate {
            signatories = List.copyOf(signatories);
        }
    }

    /** A signatory of a course's certificate as Studio's certificate settings hold it. */
    public record Signatory(String name, String title, String organization) {
    }
}
