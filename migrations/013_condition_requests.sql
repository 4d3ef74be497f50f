-- Condition modification requests say what they ask for (a new condition, a change to one, its end), who decided
-- them and which condition version a grant made: granting applies the change, so the record shows what was granted.
ALTER TABLE condition_modification_request
  ADD COLUMN change text NOT NULL DEFAULT 'change' CHECK (change IN ('add', 'change', 'end')),
  ADD COLUMN decided_by uuid REFERENCES app_user(id),
  ADD COLUMN resulting_condition_id uuid REFERENCES case_condition(id);
UPDATE condition_modification_request SET change = 'add' WHERE condition_id IS NULL;
ALTER TABLE condition_modification_request
  ADD CONSTRAINT condition_modification_request_change_target CHECK ((change = 'add') = (condition_id IS NULL));
-- The supervisor's list of requests awaiting a decision.
CREATE INDEX condition_modification_request_status_idx ON condition_modification_request (status, created_at);
