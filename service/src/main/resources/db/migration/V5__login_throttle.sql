-- Failed console logins per operator and client address, and the addresses an operator logged in from before.
-- operator_account.failed_attempts/locked_until stay the account-wide counter, which holds back only addresses the
-- operator never logged in from; this table throttles each address on its own, with delays that grow while it keeps
-- failing, so that an attacker cannot lock an operator out of the address they work from.
-- address: the client's IPv4 address, or the /64 of an IPv6 one, in plain text (see docs/operations.md, Security).
-- last_login_at: set when the operator logged in from there (a "known" address); at most 10 per operator are kept.
CREATE TABLE login_throttle (
    operator_id     BIGINT       NOT NULL,
    address         VARCHAR(64)  NOT NULL,
    failed_attempts INT          DEFAULT 0 NOT NULL,
    lockouts        INT          DEFAULT 0 NOT NULL,
    locked_until    ${ts},
    last_login_at   ${ts},
    modified_at     ${ts}        NOT NULL,
    CONSTRAINT pk_login_throttle PRIMARY KEY (operator_id, address),
    CONSTRAINT fk_login_throttle_operator FOREIGN KEY (operator_id) REFERENCES operator_account (id)
) ${table_options};
