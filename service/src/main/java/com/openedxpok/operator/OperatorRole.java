package com.openedxpok.operator;

/** What an operator may do. Administrators also manage the other operators. */
public enum OperatorRole {
    ADMIN,
    OPERATOR;

    /** The Spring Security authority of the role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
