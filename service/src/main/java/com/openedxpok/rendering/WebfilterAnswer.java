package com.openedxpok.rendering;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON the render webfilter answers with. {@code {}} lets Open edX render its own page; otherwise exactly one
 * of the three exceptions openedx-webhooks knows for this filter. Null members are left out: the plugin passes the
 * keys on to Open edX as keyword arguments, and any key Open edX does not expect breaks the learner's page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebfilterAnswer(Exceptions exception) {

    static final String HTML = "text/html; charset=utf-8";

    static WebfilterAnswer openedxPage() {
        return new WebfilterAnswer(null);
    }

    static WebfilterAnswer customResponse(String html) {
        return new WebfilterAnswer(new Exceptions(new CustomResponse(html, HTML, 200), null, null));
    }

    static WebfilterAnswer redirect(String url) {
        return new WebfilterAnswer(new Exceptions(null, new Redirect(url), null));
    }

    static WebfilterAnswer invalidCertificate() {
        return new WebfilterAnswer(new Exceptions(null, null, new InvalidCertificate("")));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Exceptions(
            @JsonProperty("RenderCustomResponse") CustomResponse renderCustomResponse,
            @JsonProperty("RedirectToPage") Redirect redirectToPage,
            @JsonProperty("RenderAlternativeInvalidCertificate") InvalidCertificate invalidCertificate) {
    }

    /** Only {@code content}, {@code content_type} and {@code status}: all of them keys Open edX accepts. */
    record CustomResponse(String content, @JsonProperty("content_type") String contentType, int status) {
    }

    record Redirect(@JsonProperty("redirect_to") String redirectTo) {
    }

    /** An empty template name makes Open edX use its own "invalid certificate" template. */
    record InvalidCertificate(@JsonProperty("template_name") String templateName) {
    }
}
