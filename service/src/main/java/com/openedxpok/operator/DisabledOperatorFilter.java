package com.openedxpok.operator;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the console session of an operator an administrator has disabled, at their next request: a session does not
 * re-read the account by itself. One indexed look-up per request.
 */
class DisabledOperatorFilter extends OncePerRequestFilter {

    private final OperatorRepository operators;

    DisabledOperatorFilter(OperatorRepository operators) {
        this.operators = operators;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof OperatorPrincipal principal
                && !operators.findById(principal.id()).map(Operator::enabled).orElse(false)) {
            SecurityContextHolder.getContextHolderStrategy().clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/admin/login?disabled");
            return;
        }
        chain.doFilter(request, response);
    }
}
