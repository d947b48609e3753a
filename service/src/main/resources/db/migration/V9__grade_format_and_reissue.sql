-- #16 fidelity with openedx-pok 1.x.
-- 1. How a grade parameter is written: 'percent' (87%, what this service always sent, so existing mappings keep it)
--    or 'number' (87, what openedx-pok 1.x sent; templates made for it print their own %).
ALTER TABLE course_template_parameter ADD grade_format VARCHAR(8) DEFAULT 'percent' NOT NULL;
ALTER TABLE course_template_parameter ADD CONSTRAINT ck_ctp_grade_format CHECK (grade_format IN ('percent', 'number'));

-- 2. The console's "needs re-issue" list: emitted certificates whose learner's name or email Open edX now gives
--    differently (creation webfilter, certificate events, backfill from the LMS API). One open entry per certificate;
--    a later report updates it. new_name / new_email are what Open edX reported (null: that field did not change).
CREATE TABLE reissue_needed (
    certificate_id  BIGINT        NOT NULL PRIMARY KEY,
    changed         VARCHAR(20)   NOT NULL,
    new_name        VARCHAR(500),
    new_email       VARCHAR(254),
    reported_by     VARCHAR(200)  NOT NULL,
    reported_at     ${ts}         NOT NULL,
    done_at         ${ts},
    done_by         VARCHAR(150),
    outcome         VARCHAR(20),
    CONSTRAINT fk_reissue_needed_certificate FOREIGN KEY (certificate_id) REFERENCES pok_certificate (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_reissue_needed_pending ON reissue_needed (done_at, reported_at);
