package com.openedxpok.simulator;

import java.util.List;

/** What every simulator starts with (and returns to on reset). Documented in docs/simulator.md. */
final class SeedData {

    static final String ORGANIZATION_NAME = "Demo University (simulated)";
    static final String WALLET = "0x5157a7ed000000000000000000000000000000aa";
    static final long DEFAULT_CREDITS = 100;

    static final List<SimTemplate> TEMPLATES = List.of(
            new SimTemplate("demo-template", "Demo certificate", "1", List.of(
                    new SimTemplate.Parameter("grade", "Grade"),
                    new SimTemplate.Parameter("platform", "Platform"))),
            new SimTemplate("plain-template", "Plain certificate", "1", List.of()),
            new SimTemplate("blockchain-template", "Blockchain certificate", "1", List.of(
                    new SimTemplate.Parameter("course_title", "Course title"))));

    static final List<SimPage> PAGES = List.of(new SimPage("demo-page", "Demo page"));

    private SeedData() {
    }
}
