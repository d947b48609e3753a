package com.openedxpok.certificate.web;

/** What an operator's action did: the certificate as it is now and a sentence saying what happens next. */
public record ActionOutcome(CertificateSummary certificate, String message) {
}
