package com.openedxpok.simulator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator's one JSON mapper (it must not depend on Spring's, because it also runs standalone). */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** @throws JacksonException when the bytes are not a {@code type} */
    static <T> T read(byte[] bytes, Class<T> type) {
        return MAPPER.readValue(bytes, type);
    }

    /** @throws IllegalArgumentException when the bytes are not JSON */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("The request body is empty; a JSON object is expected");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The request body is not valid JSON");
        }
    }
}
