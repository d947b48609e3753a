-- Open edX data: what we learned about courses, backfill jobs, and certificates Open edX revoked that must be revoked
-- in POK by hand (POK's revoke API is not known). Same placeholders as V1 (id_pk, ts, table_options).

-- What Open edX told us about a course (render contexts, events, the LMS and Studio APIs), so that certificates get a
-- real title, emitter and signatories even when the LMS is not reachable at the moment they are issued.
CREATE TABLE course_info (
    course_key          VARCHAR(255)  NOT NULL PRIMARY KEY,
    certificate_title   VARCHAR(500),
    display_name        VARCHAR(500),
    organization_name   VARCHAR(500),
    display_org         VARCHAR(255),
    platform_name       VARCHAR(255),
    signatories         VARCHAR(4000),
    modified_at         ${ts}         NOT NULL
) ${table_options};

-- One backfill of a course: where it is in Open edX's paged list of learners (the cursor survives restarts) and what
-- it did so far.
CREATE TABLE backfill_job (
    id                ${id_pk},
    course_key        VARCHAR(255)  NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    next_page_url     VARCHAR(2048),
    pages_done        INT           DEFAULT 0 NOT NULL,
    total_learners    INT,
    total_passed      INT,
    counted_learners  INT           DEFAULT 0 NOT NULL,
    counted_passed    INT           DEFAULT 0 NOT NULL,
    learners_seen     INT           DEFAULT 0 NOT NULL,
    queued            INT           DEFAULT 0 NOT NULL,
    already_had       INT           DEFAULT 0 NOT NULL,
    not_certified     INT           DEFAULT 0 NOT NULL,
    ineligible        INT           DEFAULT 0 NOT NULL,
    failed            INT           DEFAULT 0 NOT NULL,
    consecutive_errors INT          DEFAULT 0 NOT NULL,
    last_error        VARCHAR(2000),
    started_by        VARCHAR(150)  NOT NULL,
    created_at        ${ts}         NOT NULL,
    modified_at       ${ts}         NOT NULL,
    finished_at       ${ts},
    version           BIGINT        DEFAULT 0 NOT NULL
) ${table_options};
CREATE INDEX ix_backfill_job_course ON backfill_job (course_key, status);
CREATE INDEX ix_backfill_job_created ON backfill_job (created_at, id);

-- Certificates Open edX revoked after POK had (or may have had) the credential: the console lists them under
-- "revoke in POK as well" until an operator says it is done.
CREATE TABLE revoke_in_pok (
    certificate_id  BIGINT        NOT NULL PRIMARY KEY,
    reason          VARCHAR(2000),
    requested_at    ${ts}         NOT NULL,
    done_at         ${ts},
    done_by         VARCHAR(150),
    CONSTRAINT fk_revoke_in_pok_certificate FOREIGN KEY (certificate_id) REFERENCES pok_certificate (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_revoke_in_pok_pending ON revoke_in_pok (done_at, requested_at);
