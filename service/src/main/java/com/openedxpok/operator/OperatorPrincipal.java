package com.openedxpok.operator;

import java.io.Serializable;
import java.security.Principal;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The logged-in operator (console session or API token), as kept in the security context. */
public record OperatorPrincipal(long id, String username, OperatorRole role) implements Principal, Serializable {

    /** The operator behind a console or API request, or null for anything else (an anonymous or test principal). */
    public static OperatorPrincipal of(java.security.Principal principal) {
        if (principal instanceof org.springframework.security.core.Authentication authentication
                && authentication.getPrincipal() instanceof OperatorPrincipal operator) {
            return operator;
        }
        return null;
    }


    @Override
    public String getName() {
        return username;
    }

    public List<GrantedAuthority> authorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    public boolean isAdmin() {
        return role == OperatorRole.ADMIN;
    }
}
