package com.openedxpok.admin;

/** What an operator's action did: the certificate as it is now and a sentence saying what happens next. */
public record ActionOutcome(CertificateView certificate, String message) {
}
