package com.openedxpok.rendering;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The share buttons' targets. Every one carries the URL of our public certificate page, which holds the Open Graph
 * and Twitter card tags the networks read to preview the certificate image.
 */
record ShareLinks(String linkedIn, String facebook, String x) {

    /**
     * @param issued when POK emitted the certificate; LinkedIn's "issue date" is its year and month (UTC), left out
     *               when unknown rather than invented
     */
    static ShareLinks of(String certificateUrl, String certificateName, String organization, Instant issued,
            String credentialId, String shareText) {
        StringBuilder linkedIn = new StringBuilder("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME")
                .append("&name=").append(encode(certificateName))
                .append("&organizationName=").append(encode(organization));
        if (issued != null) {
            ZonedDateTime date = issued.atZone(ZoneOffset.UTC);
            linkedIn.append("&issueYear=").append(date.getYear()).append("&issueMonth=").append(date.getMonthValue());
        }
        linkedIn.append("&certUrl=").append(encode(certificateUrl)).append("&certId=").append(encode(credentialId));
        return new ShareLinks(linkedIn.toString(),
                "https://www.facebook.com/sharer/sharer.php?u=" + encode(certificateUrl),
                "https://x.com/intent/tweet?text=" + encode(shareText) + "&url=" + encode(certificateUrl));
    }

    /** Query-string encoding with {@code %20} for spaces, which every one of the three sites decodes. */
    static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
