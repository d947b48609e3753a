package com.openedxpok.pok;

/** @param url URL of the preview image */
public record TemplatePreview(String url) {
}
