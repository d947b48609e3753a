package com.openedxpok.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** The REST API's error body, {@code {"error": "…"}}, written where no controller is involved (security filters). */
public final class JsonErrors {

    private JsonErrors() {
    }

    /** {@code message} is one of our own constant texts; quotes and backslashes are escaped all the same. */
    public static void write(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        response.getOutputStream().write(("{\"error\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
