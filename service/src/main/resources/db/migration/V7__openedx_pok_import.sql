-- Imports from openedx-pok 1.x (the Django plugin): the uploaded export lines are kept with the job, so that a run
-- interrupted by a restart continues after the last line it applied (cursor), and each line keeps its outcome for the
-- per-line report.
CREATE TABLE import_job (
    id                    ${id_pk},
    created_by            VARCHAR(150)  NOT NULL,
    status                VARCHAR(16)   NOT NULL,
    certificates_header   VARCHAR(2000),
    templates_header      VARCHAR(2000),
    total_lines           INT           NOT NULL,
    cursor_seq            INT           DEFAULT 0 NOT NULL,
    accepted              INT           DEFAULT 0 NOT NULL,
    skipped               INT           DEFAULT 0 NOT NULL,
    last_error            VARCHAR(2000),
    created_at            ${ts}         NOT NULL,
    modified_at           ${ts}         NOT NULL,
    finished_at           ${ts},
    CONSTRAINT ck_import_job_status CHECK (status IN ('UPLOADED', 'RUNNING', 'DONE', 'FAILED'))
) ${table_options};

-- One line of an uploaded export, in the order the run applies them (templates first). outcome is empty until the
-- run has applied the line; it is written in the same transaction as what the line did.
CREATE TABLE import_line (
    job_id      BIGINT        NOT NULL,
    seq         INT           NOT NULL,
    kind        VARCHAR(16)   NOT NULL,
    line_no     INT           NOT NULL,
    content     ${text}       NOT NULL,
    outcome     VARCHAR(16),
    detail      VARCHAR(1000),
    PRIMARY KEY (job_id, seq),
    CONSTRAINT fk_import_line_job FOREIGN KEY (job_id) REFERENCES import_job (id) ON DELETE CASCADE,
    CONSTRAINT ck_import_line_kind CHECK (kind IN ('template', 'certificate'))
) ${table_options};
