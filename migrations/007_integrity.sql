-- Data integrity and index hygiene. Forward-only: earlier files are never edited (checksums enforce it).

-- Unused: the caseload reads the last face-to-face contact from `contact` (contact_case_time_idx), not from notes.
DROP INDEX IF EXISTS case_note_contact_idx;

-- The events a drug test raised (counts as positive, corrections of its result).
CREATE INDEX supervision_event_source_idx ON supervision_event (source_id);
-- A random program's selections this month (draw quota), and deleting a program without a full scan.
CREATE INDEX random_draw_candidate_program_idx ON random_draw_candidate (program_id);

-- Audit search (audit.queries.ts) filters on one column and reads newest first (ORDER BY id DESC LIMIT n):
-- each index leads with the filter and ends with id, so PostgreSQL walks it backwards and stops at the limit.
-- "Everything that happened to this record" (record_id without record_type; audit_log_record_idx leads with the type).
CREATE INDEX audit_log_record_id_idx ON audit_log (record_id, id);
-- "Everything this user did": the search filters on the username (also covers failed sign-ins of unknown users).
CREATE INDEX audit_log_actor_username_idx ON audit_log (actor_username, id);
-- Action prefix (`action LIKE 'case.%'`): text_pattern_ops lets LIKE use the index whatever the database collation.
CREATE INDEX audit_log_action_idx ON audit_log (action text_pattern_ops, id);
-- Unfiltered searches walk the primary key backwards and date ranges use audit_log_time_idx (both from 001):
-- an (agency_id, id) index is not used, because the search also shows rows without an agency (OR agency_id IS NULL).

-- A case's unit, supervising officer and person belong to the case's agency, as a user's unit belongs to the
-- user's agency (app_user's composite key in 001). The referenced tables get the (agency_id, id) keys the
-- composite foreign keys need; the new constraints are checked against existing rows as they are added.
ALTER TABLE app_user ADD CONSTRAINT app_user_agency_id_key UNIQUE (agency_id, id);
ALTER TABLE person ADD CONSTRAINT person_agency_id_key UNIQUE (agency_id, id);
ALTER TABLE supervision_case
  ADD CONSTRAINT supervision_case_unit_agency_fkey FOREIGN KEY (agency_id, unit_id) REFERENCES unit (agency_id, id),
  ADD CONSTRAINT supervision_case_officer_agency_fkey FOREIGN KEY (agency_id, officer_id) REFERENCES app_user (agency_id, id),
  ADD CONSTRAINT supervision_case_person_agency_fkey FOREIGN KEY (agency_id, person_id) REFERENCES person (agency_id, id);
-- The composite keys imply the single-column ones.
ALTER TABLE supervision_case
  DROP CONSTRAINT IF EXISTS supervision_case_unit_id_fkey,
  DROP CONSTRAINT IF EXISTS supervision_case_officer_id_fkey,
  DROP CONSTRAINT IF EXISTS supervision_case_person_id_fkey;

-- Condition versions: one link, `supersedes` (the new version names the one it replaces). The reverse link
-- (`superseded_by`) was a second copy that could disagree; it is derived by the case_condition_version view.
UPDATE case_condition successor SET supersedes = previous.id
  FROM case_condition previous
 WHERE previous.superseded_by = successor.id AND successor.supersedes IS NULL;
ALTER TABLE case_condition DROP COLUMN superseded_by;
-- A version is replaced at most once: two modifications of the same version cannot both land.
CREATE UNIQUE INDEX case_condition_supersedes_key ON case_condition (supersedes) WHERE supersedes IS NOT NULL;
CREATE VIEW case_condition_version AS
  SELECT cc.*, successor.id AS superseded_by
    FROM case_condition cc LEFT JOIN case_condition successor ON successor.supersedes = cc.id;
