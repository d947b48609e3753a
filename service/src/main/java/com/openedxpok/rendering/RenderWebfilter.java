package com.openedxpok.rendering;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.openedxpok.openedx.RenderContext;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.openedx.MalformedPayloadException;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.rendering.RenderOutcome.EmittedCertificate;
import com.openedxpok.rendering.RenderOutcome.Invalid;
import com.openedxpok.rendering.RenderOutcome.OpenedxPage;
import com.openedxpok.rendering.RenderOutcome.Preview;
import com.openedxpok.rendering.RenderOutcome.Status;
import com.openedxpok.rendering.RenderOutcome.Why;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Answers one call of the "certificate render started" webfilter. Any failure becomes {@code {}} and one WARN line:
 * an error answer would give the learner an LMS error page, while {@code {}} still shows Open edX's own certificate.
 */
@Service
class RenderWebfilter {

    private static final Logger log = LoggerFactory.getLogger(RenderWebfilter.class);

    private final RenderDecider decider;
    private final CertificatePages pages;
    private final PreviewImages previews;
    private final ServiceConfig config;
    private final MeterRegistry meters;

    RenderWebfilter(RenderDecider decider, CertificatePages pages, PreviewImages previews,
            ServiceConfig config, MeterRegistry meters) {
        this.decider = decider;
        this.pages = pages;
        this.previews = previews;
        this.config = config;
        this.meters = meters;
    }

    /** @param body the raw request body, or null when it was larger than the cap */
    WebfilterAnswer answer(byte[] body) {
        Timer.Sample sample = Timer.start(meters);
        String outcome;
        WebfilterAnswer answer;
        try {
            Answered answered = answerOrThrow(body);
            outcome = answered.outcome();
            answer = answered.answer();
        } catch (MalformedPayloadException e) {
            log.warn("Render webfilter: unreadable payload ({}); answered {{}} so Open edX shows its own page",
                    e.getMessage());
            outcome = Why.MALFORMED_PAYLOAD.name();
            answer = WebfilterAnswer.openedxPage();
        } catch (Exception e) {
            // Class and place only: messages of database or template errors may quote values from the payload.
            StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            log.warn("Render webfilter failed with {} at {}; answered {{}} so Open edX shows its own page",
                    e.getClass().getName(), where);
            outcome = Why.ERROR.name();
            answer = WebfilterAnswer.openedxPage();
        }
        sample.stop(meters.timer("openedx_pok.render.webfilter", "outcome", outcome.toLowerCase(Locale.ROOT)));
        return answer;
    }

    private record Answered(String outcome, WebfilterAnswer answer) {
    }

    private Answered answerOrThrow(byte[] body) {
        if (body == null) {
            throw new MalformedPayloadException("body larger than the cap");
        }
        RenderContext context = RenderContext.read(body);
        if (context.userId() == null) {
            throw new MalformedPayloadException("no usable context.accomplishment_user_id");
        }
        if (!CourseKey.isValid(context.courseId())) {
            throw new MalformedPayloadException("context.course_id is missing or not a course key");
        }
        RenderOutcome outcome = decider.decide(context.userId(), CourseKey.parse(context.courseId()), context);
        if (outcome instanceof EmittedCertificate emitted) {
            return emitted(emitted.certificate(), context);
        }
        if (outcome instanceof Status status) {
            return new Answered("status_" + status.kind().name(), WebfilterAnswer.customResponse(
                    pages.statusPage(status.certificate(), status.kind(), viewer(context))));
        }
        if (outcome instanceof Preview preview) {
            // Only our URL goes into the page: the staff browser loads the image from us, so this answer never
            // waits for POK.
            String imageUrl = previews.url(preview.courseKey(), preview.target(), preview.mode());
            return new Answered("preview", WebfilterAnswer.customResponse(pages.previewPage(preview.courseKey(),
                    preview.target().titleOverride(), imageUrl, viewer(context))));
        }
        if (outcome instanceof Invalid) {
            return new Answered("invalid", WebfilterAnswer.invalidCertificate());
        }
        return new Answered(((OpenedxPage) outcome).why().name(), WebfilterAnswer.openedxPage());
    }

    private Answered emitted(Certificate certificate, RenderContext context) {
        String viewUrl = CertificatePages.safeHttpUrl(certificate.pok().viewUrl());
        if (config.rendering().mode() == ServiceConfig.RenderMode.REDIRECT && viewUrl != null) {
            return new Answered("redirect", WebfilterAnswer.redirect(viewUrl));
        }
        // Redirect mode without a view URL (should not happen for EMITTED) still shows the learner something true.
        return new Answered("page", WebfilterAnswer.customResponse(pages.certificatePage(certificate,
                viewer(context))));
    }

    private CertificatePages.Viewer viewer(RenderContext context) {
        return CertificatePages.Viewer.of(context,
                PageLocales.resolve(context.userLanguage(), config.pok().defaultLanguageTag()));
    }
}
