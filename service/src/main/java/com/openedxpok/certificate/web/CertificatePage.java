package com.openedxpok.certificate.web;

import java.util.List;

/**
 * One page of the certificates list, newest first.
 *
 * @param count       how many certificates the filter matches, counted up to a cap
 * @param countCapped true when there are at least {@code count} (the exact number was not worth counting)
 * @param newerId     the id for the "newer" link, or null if this is the newest page
 * @param olderId     the id for the "older" link, or null if this is the oldest page
 */
public record CertificatePage(List<CertificateSummary> items, long count, boolean countCapped, Long newerId,
        Long olderId) {

    public boolean hasNewer() {
        return newerId != null;
    }

    public boolean hasOlder() {
        return olderId != null;
    }
}
