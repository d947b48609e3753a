-- The operator console and REST API: who may use them, their API tokens, what they did, and bulk actions.
-- Placeholders as in V1 (filled in by com.openedxpok.config.Database).

-- People who use the console. Passwords are stored as Spring Security hashes ({bcrypt}…), never in clear.
CREATE TABLE operator_account (
    id              ${id_pk},
    username        VARCHAR(150)  NOT NULL,
    password_hash   VARCHAR(500)  NOT NULL,
    role            VARCHAR(16)   NOT NULL,
    enabled         BOOLEAN       DEFAULT TRUE NOT NULL,
    failed_attempts INT           DEFAULT 0 NOT NULL,
    locked_until    ${ts},
    created_at      ${ts}         NOT NULL,
    modified_at     ${ts}         NOT NULL,
    CONSTRAINT uq_operator_account_username UNIQUE (username),
    CONSTRAINT ck_operator_account_role CHECK (role IN ('ADMIN', 'OPERATOR'))
) ${table_options};

-- REST API tokens. Only the SHA-256 of a token is kept; the token itself is shown once, when it is created.
CREATE TABLE api_token (
    id           ${id_pk},
    operator_id  BIGINT        NOT NULL,
    name         VARCHAR(100)  NOT NULL,
    token_hash   VARCHAR(64)   NOT NULL,
    prefix       VARCHAR(16)   NOT NULL,
    created_at   ${ts}         NOT NULL,
    last_used_at ${ts},
    revoked_at   ${ts},
    CONSTRAINT uq_api_token_hash UNIQUE (token_hash),
    CONSTRAINT fk_api_token_operator FOREIGN KEY (operator_id) REFERENCES operator_account (id)
) ${table_options};
CREATE INDEX ix_api_token_operator ON api_token (operator_id, id);

-- Operator actions that are not about one certificate (those are in certificate_event).
CREATE TABLE audit_log (
    id          ${id_pk},
    occurred_at ${ts}         NOT NULL,
    actor       VARCHAR(150)  NOT NULL,
    action      VARCHAR(60)   NOT NULL,
    target      VARCHAR(300),
    detail      VARCHAR(2000)
) ${table_options};
CREATE INDEX ix_audit_log_occurred ON audit_log (occurred_at);

-- A bulk action over the certificates of a filter, run in the background; the counters feed the progress bar.
-- last_id lets a revived execution (the instance running it died) continue where it stopped.
CREATE TABLE bulk_job (
    id          ${id_pk},
    kind        VARCHAR(40)   NOT NULL,
    filter_json VARCHAR(2000) NOT NULL,
    created_by  VARCHAR(150)  NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    total       INT           NOT NULL,
    done        INT           DEFAULT 0 NOT NULL,
    failed      INT           DEFAULT 0 NOT NULL,
    last_id     BIGINT        DEFAULT 0 NOT NULL,
    last_error  VARCHAR(2000),
    created_at  ${ts}         NOT NULL,
    finished_at ${ts},
    modified_at ${ts}         NOT NULL
) ${table_options};

-- The certificates list pages by id (keyset) within a status, and searches by prefix. On PostgreSQL a prefix LIKE
-- needs the pattern operator class (the prefix_ops placeholder; empty on H2 and MySQL, where V1's indexes would do).
CREATE INDEX ix_pok_certificate_status_id ON pok_certificate (status, id);
CREATE INDEX ix_pok_certificate_pok_state ON pok_certificate (pok_state, id);
CREATE INDEX ix_pok_certificate_username_prefix ON pok_certificate (username ${prefix_ops});
CREATE INDEX ix_pok_certificate_email_prefix ON pok_certificate (receiver_email ${prefix_ops});
CREATE INDEX ix_pok_certificate_credential_prefix ON pok_certificate (pok_credential_id ${prefix_ops});
CREATE INDEX ix_pok_certificate_course_prefix ON pok_certificate (course_key ${prefix_ops});
