package com.openedxpok.certificate.web;

import com.openedxpok.web.InvalidInputException;
import com.openedxpok.certificate.CertificateSearch.PageFrom;

/**
 * Which page of the certificates list: the newest, the one before or after a known id, or the oldest. Pages are
 * found by id, not by number, so every page costs the same however deep it is.
 *
 * @param before show certificates older than this id (the "older" link)
 * @param after  show certificates newer than this id (the "newer" link)
 * @param last   show the oldest certificates (the "oldest" link)
 */
public record CertificateCursor(Long before, Long after, boolean last, Integer size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    public static final CertificateCursor FIRST = new CertificateCursor(null, null, false, null);

    PageFrom from() {
        if (last) {
            return PageFrom.OLDEST;
        }
        if (before != null) {
            return PageFrom.OLDER_THAN;
        }
        return after != null ? PageFrom.NEWER_THAN : PageFrom.NEWEST;
    }

    long edgeId() {
        return before != null ? before : after != null ? after : 0;
    }

    int pageSize() {
        if (size == null) {
            return DEFAULT_SIZE;
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputException("A page has 1 to " + MAX_SIZE + " certificates");
        }
        return size;
    }
}
