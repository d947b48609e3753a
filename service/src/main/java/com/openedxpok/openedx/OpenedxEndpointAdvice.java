package com.openedxpok.openedx;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How the endpoints openedx-webhooks calls answer when something goes wrong. The plugin reads every answer's body as
 * JSON whatever its status (a non-JSON body is logged on the LMS side and read as {@code {}}), so each answer here is a
 * small JSON object with an {@code error} key, which the plugin's filters ignore. A payload we cannot use is 400; a
 * database we cannot reach is 503 (the request was not recorded: the render path or a backfill catches it later); a
 * bug of ours is 500 with a log line, never a stack trace.
 */
@RestControllerAdvice(annotations = OpenedxEndpoint.class)
class OpenedxEndpointAdvice {

    private static final Logger log = LoggerFactory.getLogger(OpenedxEndpointAdvice.class);

    @ExceptionHandler(MalformedPayloadException.class)
    ResponseEntity<Map<String, String>> malformed(MalformedPayloadException e) {
        return answer(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({ CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            DataAccessResourceFailureException.class, TransientDataAccessException.class })
    ResponseEntity<Map<String, String>> databaseUnavailable(Exception e) {
        log.warn("Open edX's call could not be recorded: the database is unavailable ({})", e.getClass().getSimpleName());
        return answer(HttpStatus.SERVICE_UNAVAILABLE, "the service's database is unavailable; try again later");
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Map<String, String>> database(DataAccessException e) {
        log.error("Open edX's call failed in the database", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> unexpected(Exception e) {
        // Payload content never reaches this line: exceptions of ours quote no personal data.
        log.error("Open edX's call failed", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
