package com.openedxpok.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Issue request bodies as mutable maps, so each test can break exactly one thing. */
final class IssueBodies {

    private IssueBodies() {
    }

    /** The contract's example body, for the seeded demo-template with both of its parameters keyed by id. */
    static Map<String, Object> valid(String identification) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("tags", new ArrayList<>(List.of("StudentId:" + identification,
                "CourseId:course-v1:Org+CS101+2025", "Mode:verified")));
        credential.put("skipAcceptance", true);
        credential.put("emissionType", "pok");
        credential.put("dateFormat", "dd/MM/yyyy");
        credential.put("emissionDate", "2025-06-01T14:03:00Z");
        credential.put("title", "Introduction to Computer Science");
        credential.put("emitter", "Example University");
        Map<String, Object> receiver = new LinkedHashMap<>();
        receiver.put("languageTag", "es-AR");
        receiver.put("identification", identification);
        receiver.put("email", "ana@example.org");
        receiver.put("firstName", "Ana");
        receiver.put("lastName", "García López");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("grade", "87%");
        parameters.put("platform", "Example Learning");
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("id", "demo-template");
        template.put("customParameters", parameters);
        Map<String, Object> customization = new LinkedHashMap<>();
        customization.put("page", "demo-page");
        customization.put("template", template);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("credential", credential);
        body.put("receiver", receiver);
        body.put("customization", customization);
        return body;
    }

    static Map<String, Object> blockchain(String identification) {
        Map<String, Object> body = valid(identification);
        set(body, "credential.emissionType", "blockchain");
        set(body, "customization.template", new LinkedHashMap<>(Map.of("id", "blockchain-template",
                "customParameters", Map.of("course_title", "Blockchain 101"))));
        return body;
    }

    /** Sets a dotted path such as {@code receiver.email}; a null value removes the field. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> set(Map<String, Object> body, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.get(parts[i]);
        }
        if (value == null) {
            node.remove(parts[parts.length - 1]);
        } else {
            node.put(parts[parts.length - 1], value);
        }
        return body;
    }
}
