-- What a task is about beyond its kind, as facts the client words (issue 10): a contact_due task names the requirement
-- and period of the contact-standing row it comes from ({"requirement", "missed", "periodStart", "periodEnd"}). Kept
-- on the task because the row is deleted once its period is over, while the closed task stays in the case's history.
ALTER TABLE task ADD COLUMN detail jsonb CHECK (detail IS NULL OR jsonb_typeof(detail) = 'object');
UPDATE task t
   SET detail = jsonb_build_object('requirement', s.kind, 'missed', s.missed,
                                   'periodStart', to_char(s.period_start, 'YYYY-MM-DD'), 'periodEnd', to_char(s.period_end, 'YYYY-MM-DD'))
  FROM contact_standing s
 WHERE t.kind = 'contact_due' AND t.source_type = 'contact_standing' AND s.id = t.source_id;
