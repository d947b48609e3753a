package com.openedxpok.rendering;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;

import com.openedxpok.openedx.MalformedPayloadException;
import com.openedxpok.openedx.OpenedxEndpoint;
import com.openedxpok.openedx.WebhookPayload;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /openedx/webfilters/certificate-render-started?token=…}, called by openedx-webhooks on every view of a
 * learner's certificate. The token is checked by {@code OpenedxTokenFilter}. Always HTTP 200 with JSON.
 */
@RestController
@OpenedxEndpoint
class RenderWebfilterController {

    static final String PATH = "/openedx/webfilters/certificate-render-started";

    private final RenderWebfilter webfilter;

    RenderWebfilterController(RenderWebfilter webfilter) {
        this.webfilter = webfilter;
    }

    // No "consumes": JSON, forms and JSON mislabelled as a form are all accepted, whatever the Content-Type says.
    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    WebfilterAnswer certificateRenderStarted(HttpServletRequest request) {
        byte[] body;
        try {
            body = WebhookPayload.readBody(request);
        } catch (MalformedPayloadException tooLargeOrUnreadable) {
            body = null;
        }
        return webfilter.answer(body);
    }
}
