package com.openedxpok.admin.security;

import java.io.Serializable;
import java.security.Principal;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The logged-in operator (console session or API token), as kept in the security context. */
public record OperatorPrincipal(long id, String username, OperatorRole role) implements Principal, Serializable {

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
