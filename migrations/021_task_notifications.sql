-- A new task tells its owner (in-app, and by e-mail or SMS as they prefer, kind "task"). Which task kinds do so is
-- each user's choice: NULL keeps the default (follow-ups and approvals; not routine kinds such as each appointment).
ALTER TABLE notification_preference ADD COLUMN task_kinds text[];
-- The Today list and a unit's view read standing tasks by due day.
CREATE INDEX task_standing_due_idx ON task (case_id, due_on) WHERE status IN ('open', 'snoozed');
