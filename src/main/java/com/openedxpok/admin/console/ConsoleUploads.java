package com.openedxpok.admin.console;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.support.RequestContextUtils;

import jakarta.servlet.http.HttpServletRequest;

/**
 * An upload over {@code spring.servlet.multipart.max-file-size} fails before any controller is chosen, so the
 * console's package-bound advice does not see it: this one does, for every path. On the console it sends the
 * operator back to the Backfill page with the limit; elsewhere it answers 413 in the API's error shape.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleUploads {

    /** Keep in step with spring.servlet.multipart.max-file-size in application.yml. */
    static final String MAX_UPLOAD_TEXT = "20 MB";

    record UploadError(String error) {
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    Object tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        String message = "The file is larger than " + MAX_UPLOAD_TEXT
                + ", the most one upload may hold: split it into smaller files and import each.";
        if (request.getRequestURI().startsWith(request.getContextPath() + "/admin/")) {
            RequestContextUtils.getOutputFlashMap(request).put("error", message);
            return "redirect:/admin/backfill";
        }
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(new UploadError(message));
    }
}
