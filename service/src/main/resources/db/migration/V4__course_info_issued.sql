-- The title and emitter the course's first submitted certificate carried when they came from Open edX's facts (not
-- from the course template's overrides). Every later certificate of the course reuses them, so the first learner and
-- the hundredth get the same title and issuer even if a render context taught us more in between. Written once per
-- field (first writer wins); the course template's overrides still win over them.
ALTER TABLE course_info ADD COLUMN issued_title VARCHAR(500);
ALTER TABLE course_info ADD COLUMN issued_emitter VARCHAR(500);
