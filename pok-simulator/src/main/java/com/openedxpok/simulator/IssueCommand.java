package com.openedxpok.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A validated {@code POST /credential} (or, with identification and email null, a preview). */
record IssueCommand(
        String emissionType,
        String title,
        String emitter,
        Instant emissionDate,
        String dateFormat,
        List<String> tags,
        boolean skipAcceptance,
        String identification,
        String email,
        String firstName,
        String lastName,
        String languageTag,
        SimTemplate template,
        Map<String, String> customParameters,
        String pageId) {
}
