package com.openedxpok.pok;

import com.openedxpok.kernel.EmissionType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.openedxpok.config.Secret;

/** Requests and endpoints shared by the POK client tests; the personal values are checked for leaks. */
final class PokFixtures {

    static final String API_KEY = "pk_test_Zx81QvTbn4";
    static final String EMAIL = "ana.garcia@example.org";
    static final String FIRST_NAME = "Ana";
    static final String LAST_NAME = "García López";
    static final String IDENTIFICATION = "learner-90417";

    private PokFixtures() {
    }

    static PokEndpoint endpoint(String baseUrl, Duration timeout) {
        return new PokEndpoint(URI.create(baseUrl), Secret.of(API_KEY), timeout, false);
    }

    static IssueRequest issueRequest(String page) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grade", "0.95");
        parameters.put("platform_name", "Example edX");
        return new IssueRequest(
                new IssueRequest.Credential(List.of("StudentId:" + IDENTIFICATION, "CourseId:course-v1:Org+CS101+2025",
                        "Mode:verified"), true, EmissionType.POK, "dd/MM/yyyy",
                        Instant.parse("2025-06-01T14:03:00.456Z"), "Introduction to Computer Science",
                        "Example University"),
                new IssueRequest.Receiver("es-AR", IDENTIFICATION, EMAIL, FIRST_NAME, LAST_NAME),
                new IssueRequest.Customization(page, new IssueRequest.Template("tpl-1", parameters)));
    }

    static PreviewRequest previewRequest() {
        return new PreviewRequest(
                new PreviewRequest.Credential(EmissionType.BLOCKCHAIN, "MM/dd/yyyy",
                        Instant.parse("2025-06-01T14:03:00Z"), "Introduction to Computer Science",
                        "Example University"),
                new PreviewRequest.Receiver("en-US", FIRST_NAME, LAST_NAME),
                new PreviewRequest.Customization(new IssueRequest.Template("tpl-1", Map.of("grade", "[ Grade ]"))));
    }
}
