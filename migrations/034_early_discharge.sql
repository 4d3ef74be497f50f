-- Early and earned discharge opportunities (issue 13 §5). The nightly job (and an officer on demand) evaluates each
-- active case against the agency's criteria and keeps the latest result with its evidence; officers recommend, deny
-- or snooze; a recommendation is approved (never by its author) or returned by a supervisor of the case's unit, and an
-- approved one becomes the officer's task to send the request to the parole board or the court (a kind for each, so the
-- task names the authority).

CREATE TABLE early_discharge_evaluation (
  case_id uuid PRIMARY KEY REFERENCES supervision_case(id) ON DELETE CASCADE,
  eligible boolean NOT NULL,
  -- What the opportunity is: a denial holds while it stays the same (a new concern or end date makes a new one).
  opportunity_key text NOT NULL CHECK (length(opportunity_key) BETWEEN 1 AND 300),
  -- Every criterion of the policy, met or not, with its evidence (dates, counts, the records it rests on).
  criteria jsonb NOT NULL,
  evaluated_on date NOT NULL,
  evaluated_at timestamptz NOT NULL
);
-- The caseload's "discharge eligible" filter.
CREATE INDEX early_discharge_evaluation_eligible_idx ON early_discharge_evaluation (case_id) WHERE eligible;

CREATE TABLE early_discharge_decision (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  opportunity_key text NOT NULL CHECK (length(opportunity_key) BETWEEN 1 AND 300),
  decision text NOT NULL CHECK (decision IN ('recommended', 'denied', 'snoozed')),
  -- The officer's note with a recommendation, the reason of a denial or a snooze.
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  snoozed_until date,
  criteria jsonb NOT NULL,
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL,
  -- A recommendation's review by a supervisor, and the authority its request goes to.
  status text CHECK (status IN ('awaiting_approval', 'approved', 'returned')),
  authority text CHECK (authority IN ('parole_board', 'court')),
  authority_name text CHECK (length(authority_name) BETWEEN 1 AND 200),
  reviewed_by uuid REFERENCES app_user(id),
  reviewed_at timestamptz,
  review_reason text CHECK (length(review_reason) BETWEEN 1 AND 2000),
  CHECK ((decision = 'snoozed') = (snoozed_until IS NOT NULL)),
  CHECK ((decision = 'recommended') = (status IS NOT NULL AND authority IS NOT NULL AND authority_name IS NOT NULL)),
  CHECK ((status IN ('approved', 'returned')) = (reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL)),
  -- No one approves their own recommendation (the policy's notSelf rule says so too).
  CHECK (reviewed_by IS NULL OR reviewed_by <> decided_by)
);
CREATE INDEX early_discharge_decision_case_idx ON early_discharge_decision (case_id, decided_at DESC);
-- One recommendation of a case awaits approval at a time.
CREATE UNIQUE INDEX early_discharge_decision_awaiting_key ON early_discharge_decision (case_id) WHERE status = 'awaiting_approval';

ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit', 'crisis', 'assessment_due', 'case_plan_step',
  'violation_response_due', 'response_approval_requested', 'explanation_due', 'enforcement_escalation',
  'acknowledge_achievement',
  'early_discharge_approval_requested', 'early_discharge_request_to_board', 'early_discharge_request_to_court'
));
