-- One schema for H2, PostgreSQL and MySQL/MariaDB. Column types that differ between them are
-- placeholders filled in by com.openedxpok.config.Database (id_pk, ts: UTC without zone, tstz, blob, table_options).

-- Which POK template a course issues with. One row per course.
CREATE TABLE course_template (
    id               ${id_pk},
    course_key       VARCHAR(255)  NOT NULL,
    template_id      VARCHAR(255)  NOT NULL,
    emission_type    VARCHAR(16)   NOT NULL,
    page_id          VARCHAR(255),
    title_override   VARCHAR(500),
    emitter_override VARCHAR(500),
    skip_acceptance  BOOLEAN       DEFAULT TRUE NOT NULL,
    enabled          BOOLEAN       DEFAULT TRUE NOT NULL,
    created_at       ${ts}         NOT NULL,
    modified_at      ${ts}         NOT NULL,
    CONSTRAINT uq_course_template_course UNIQUE (course_key),
    CONSTRAINT ck_course_template_emission CHECK (emission_type IN ('pok', 'blockchain'))
) ${table_options};

-- How each custom parameter of the course's POK template gets its value.
CREATE TABLE course_template_parameter (
    id                 ${id_pk},
    course_template_id BIGINT        NOT NULL,
    parameter_id       VARCHAR(255)  NOT NULL,
    parameter_label    VARCHAR(255),
    key_by             VARCHAR(8)    DEFAULT 'id' NOT NULL,
    source             VARCHAR(64)   NOT NULL,
    constant_value     VARCHAR(1000),
    CONSTRAINT fk_ctp_template FOREIGN KEY (course_template_id) REFERENCES course_template (id) ON DELETE CASCADE,
    CONSTRAINT uq_ctp_parameter UNIQUE (course_template_id, parameter_id),
    CONSTRAINT ck_ctp_key_by CHECK (key_by IN ('id', 'label'))
) ${table_options};

-- One POK certificate per learner and course, and where it is in its lifecycle.
CREATE TABLE pok_certificate (
    id                 ${id_pk},
    public_id          VARCHAR(32)   NOT NULL,
    user_id            BIGINT        NOT NULL,
    course_key         VARCHAR(255)  NOT NULL,
    username           VARCHAR(150),
    receiver_name      VARCHAR(500),
    receiver_email     VARCHAR(254),
    language_tag       VARCHAR(35),
    mode               VARCHAR(50),
    grade              DECIMAL(6, 5),
    pok_credential_id  VARCHAR(255),
    pok_state          VARCHAR(64),
    view_url           VARCHAR(2048),
    image_url          VARCHAR(2048),
    image_fetched_at   ${ts},
    emission_type      VARCHAR(16),
    emission_date      ${ts},
    title              VARCHAR(500),
    emitter            VARCHAR(500),
    tags               VARCHAR(2000),
    page_id            VARCHAR(255),
    status             VARCHAR(16)   NOT NULL,
    attempts           INT           DEFAULT 0 NOT NULL,
    queued_at          ${ts}         NOT NULL,
    next_attempt_at    ${ts},
    last_error         VARCHAR(2000),
    version            BIGINT        DEFAULT 0 NOT NULL,
    created_at         ${ts}         NOT NULL,
    modified_at        ${ts}         NOT NULL,
    CONSTRAINT uq_pok_certificate_learner_course UNIQUE (user_id, course_key),
    CONSTRAINT uq_pok_certificate_public_id UNIQUE (public_id),
    CONSTRAINT ck_pok_certificate_emission CHECK (emission_type IS NULL OR emission_type IN ('pok', 'blockchain'))
) ${table_options};
CREATE INDEX ix_pok_certificate_status ON pok_certificate (status, next_attempt_at);
CREATE INDEX ix_pok_certificate_course ON pok_certificate (course_key, id);
CREATE INDEX ix_pok_certificate_username ON pok_certificate (username);
CREATE INDEX ix_pok_certificate_email ON pok_certificate (receiver_email);
CREATE INDEX ix_pok_certificate_credential ON pok_certificate (pok_credential_id);
CREATE INDEX ix_pok_certificate_created ON pok_certificate (created_at, id);
CREATE INDEX ix_pok_certificate_image_age ON pok_certificate (status, image_fetched_at);

-- Append-only history of every certificate: what happened, when, who or what did it, and the outcome.
CREATE TABLE certificate_event (
    id             ${id_pk},
    certificate_id BIGINT        NOT NULL,
    occurred_at    ${ts}         NOT NULL,
    actor          VARCHAR(150)  NOT NULL,
    kind           VARCHAR(40)   NOT NULL,
    from_status    VARCHAR(16),
    to_status      VARCHAR(16),
    detail         VARCHAR(2000),
    CONSTRAINT fk_certificate_event_certificate FOREIGN KEY (certificate_id) REFERENCES pok_certificate (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_certificate_event_certificate ON certificate_event (certificate_id, id);
CREATE INDEX ix_certificate_event_occurred ON certificate_event (occurred_at);

-- Small service-wide facts shared by every instance (for example: issuance paused because the API key is refused).
CREATE TABLE service_state (
    state_key   VARCHAR(100)  NOT NULL PRIMARY KEY,
    state_value VARCHAR(2000),
    modified_at ${ts}         NOT NULL
) ${table_options};

-- db-scheduler's own table (durable, cluster-safe background work).
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100)  NOT NULL,
    task_instance        VARCHAR(100)  NOT NULL,
    task_data            ${blob},
    execution_time       ${tstz}       NOT NULL,
    picked               BOOLEAN       NOT NULL,
    picked_by            VARCHAR(50),
    last_success         ${tstz},
    last_failure         ${tstz},
    consecutive_failures INT,
    last_heartbeat       ${tstz},
    version              BIGINT        NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
) ${table_options};
CREATE INDEX ix_scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX ix_scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX ix_scheduled_tasks_priority_time ON scheduled_tasks (priority, execution_time);
