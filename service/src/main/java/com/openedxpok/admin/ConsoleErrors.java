package com.openedxpok.admin;

import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

import com.openedxpok.pok.PokEndpoint;
import com.openedxpok.web.InvalidInputException;
import com.openedxpok.web.NotFoundException;

/**
 * Every error of a console page is a console page (with the navigation), never Spring's problem JSON: an unknown
 * address, an id that is not a number, a refused action, a failure with a reference id that is also in the log line.
 * First in line and only for {@code /admin/**} pages, so that {@code /api/v1/**} keeps answering JSON
 * ({@code ApiErrors}) and {@code /openedx/**} its own answers.
 */
@Component
class ConsoleErrors implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PokEndpoint endpoint;

    ConsoleErrors(PokEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** What the operator reads: the status, a title, a sentence, and for a failure the reference to give support. */
    record ConsoleError(int status, String title, String detail, String reference) {
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception e) {
        if (!isConsolePage(request) || e instanceof MaxUploadSizeExceededException) {
            // The upload limit has its own page (templates/error/413.html).
            return null;
        }
        ConsoleError error = describe(request, e);
        ModelAndView page = new ModelAndView("admin/error", HttpStatus.valueOf(error.status()));
        page.addObject("failure", error);
        page.addObject("demo", endpoint.simulated());
        page.addObject("me", com.openedxpok.operator.OperatorPrincipal.of(SecurityContextHolder.getContext().getAuthentication()));
        return page;
    }

    static boolean isConsolePage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return (path.equals("/admin") || path.startsWith("/admin/")) && !path.startsWith("/admin/api-docs")
                && !path.contains("swagger-ui");
    }

    private ConsoleError describe(HttpServletRequest request, Exception e) {
        if (e instanceof NotFoundException) {
            return new ConsoleError(404, "Not found", e.getMessage(), null);
        }
        if (e instanceof TypeMismatchException mismatch) {
            String name = mismatch.getPropertyName() == null ? "a value" : "'" + mismatch.getPropertyName() + "'";
            return new ConsoleError(400, "Not a valid address", "The address has " + name + " that is not what this "
                    + "page expects (for example a certificate id must be a number).", null);
        }
        if (e instanceof InvalidInputException || e instanceof HttpMessageNotReadableException
                || e instanceof BindException) {
            return new ConsoleError(400, "Not a valid request", e instanceof InvalidInputException
                    ? e.getMessage() : "The form or address could not be read.", null);
        }
        if (e instanceof AccessDeniedException) {
            return new ConsoleError(403, "Not allowed", "Your operator role does not allow this page.", null);
        }
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            int status = known.getStatusCode().value();
            return switch (status) {
                case 404 -> new ConsoleError(404, "Page not found", "There is no console page at "
                        + request.getRequestURI() + ".", null);
                case 405 -> new ConsoleError(405, "Not available this way", "This address does not take a "
                        + request.getMethod() + " request.", null);
                default -> new ConsoleError(status, "Not a valid request", "The request could not be handled as "
                        + "sent (" + status + ").", null);
            };
        }
        String reference = HexFormat.of().formatHex(bytes());
        log.error("Console error {} on {} {}", reference, request.getMethod(), request.getRequestURI(), e);
        return new ConsoleError(500, "Something went wrong", "The console could not show this page. The error is in "
                + "the service's log under the reference below.", reference);
    }

    private static byte[] bytes() {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return b;
    }
}
