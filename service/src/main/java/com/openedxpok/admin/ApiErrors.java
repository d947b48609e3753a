package com.openedxpok.admin;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import com.openedxpok.issuance.OperatorActionService;
import com.openedxpok.web.ApiController;
import com.openedxpok.web.ConflictException;
import com.openedxpok.web.InvalidInputException;
import com.openedxpok.web.NotFoundException;
import com.openedxpok.backfill.BackfillException;

/**
 * Every REST API error is {@code {"error": "…"}} with a sentence an operator can act on. First in line, so that Boot's
 * problem-details handler does not answer the API's unreadable bodies in another shape.
 */
@RestControllerAdvice(annotations = ApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    /** The body of every error answer. */
    record ApiError(String error) {
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ApiError> conflict(ConflictException e) {
        return answer(HttpStatus.CONFLICT, e.getMessage());
    }

    /** A backfill that cannot be done as asked (no LMS API, course not enabled, LMS not answering). */
    @ExceptionHandler(BackfillException.class)
    ResponseEntity<ApiError> backfill(BackfillException e) {
        return answer(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ApiError> invalid(InvalidInputException e) {
        return answer(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** The action does not apply to the certificate as it is now. */
    @ExceptionHandler(OperatorActionService.NotAllowedException.class)
    ResponseEntity<ApiError> notAllowed(OperatorActionService.NotAllowedException e) {
        return answer(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ApiError> badParameter(Exception e) {
        return answer(HttpStatus.BAD_REQUEST, e instanceof MethodArgumentTypeMismatchException mismatch
                ? "Parameter '" + mismatch.getName() + "' has a wrong value"
                : e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return answer(HttpStatus.BAD_REQUEST, "The request body is not the JSON this endpoint expects");
    }

    private static ResponseEntity<ApiError> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(new ApiError(message));
    }
}
