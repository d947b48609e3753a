package com.openedxpok.rendering;

import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.rendering.RenderOutcome.EmittedCertificate;
import com.openedxpok.rendering.RenderOutcome.Status;

/**
 * Our own public page of a certificate, {@code GET /certificates/{publicId}}: the stable target of the share buttons,
 * carrying the Open Graph and Twitter tags. Same page as the webfilter's, without the LMS frame (platform name and
 * logo) that only a view through Open edX provides. Always the page, also in redirect mode: the previews need it.
 */
@Service
class PublicCertificatePage {

    private final CertificateRepository certificates;
    private final CertificatePages pages;
    private final ServiceConfig config;

    PublicCertificatePage(CertificateRepository certificates, CertificatePages pages, ServiceConfig config) {
        this.certificates = certificates;
        this.pages = pages;
        this.config = config;
    }

    record Page(HttpStatus status, String html) {
    }

    Page render(String publicId, String acceptLanguage) {
        Locale locale = PageLocales.fromAcceptLanguage(acceptLanguage, config.pok().defaultLanguageTag());
        CertificatePages.Viewer viewer = CertificatePages.Viewer.standalone(locale);
        Optional<Certificate> certificate = publicId.matches("[A-Za-z0-9_-]{1,32}")
                ? certificates.findByPublicId(publicId) : Optional.empty();
        if (certificate.isEmpty()) {
            return new Page(HttpStatus.NOT_FOUND, pages.statusPage(null, StatusKind.NOT_AVAILABLE, viewer));
        }
        RenderOutcome outcome = RenderDecider.forCertificate(certificate.get());
        if (outcome instanceof EmittedCertificate emitted) {
            return new Page(HttpStatus.OK, pages.certificatePage(emitted.certificate(), viewer));
        }
        if (outcome instanceof Status status) {
            return new Page(HttpStatus.OK, pages.statusPage(status.certificate(), status.kind(), viewer));
        }
        return new Page(HttpStatus.NOT_FOUND, pages.statusPage(null, StatusKind.NOT_AVAILABLE, viewer));
    }
}
