-- Revocation and recall recommendations (issue 13 §6), and absconding. An officer builds the case file from the case's
-- violations (facts, the responses and alternatives tried, the current risk, their recommendation); a supervisor other
-- than the author records the discussion and decides: the recommendation goes to the authority (the parole board for
-- parole, the court for probation) as a printable document, or no revocation, with a letter to the person. An
-- emergency recommendation goes to the supervisors at once; its file is completed afterwards. Absconding puts the case
-- on warrant status until the person is found.

CREATE TABLE revocation_recommendation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  authority text NOT NULL CHECK (authority IN ('parole_board', 'court')),
  authority_name text NOT NULL CHECK (length(authority_name) BETWEEN 1 AND 200),
  emergency boolean NOT NULL DEFAULT false,
  -- Why the risk is immediate (an emergency only).
  emergency_reason text CHECK (length(emergency_reason) BETWEEN 1 AND 2000),
  facts text CHECK (length(facts) <= 8000),
  alternatives_note text CHECK (length(alternatives_note) <= 4000),
  recommendation text CHECK (recommendation IN ('revoke', 'continue_modified', 'no_revocation')),
  -- What the case file held when it was submitted (responses, incentives, referrals; the latest assessment), so the
  -- document says what the supervisor decided on.
  history jsonb,
  risk jsonb,
  status text NOT NULL CHECK (status IN ('draft', 'awaiting_decision', 'referred', 'no_revocation')),
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  submitted_at timestamptz,
  -- An emergency is decided within hours: the supervisors' task is due that day and this says by when.
  decide_by timestamptz,
  -- The supervisor's discussion with the officer and decision.
  discussed_on date,
  discussed_with text CHECK (length(discussed_with) BETWEEN 1 AND 300),
  discussion_notes text CHECK (length(discussion_notes) BETWEEN 1 AND 4000),
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  decision_reason text CHECK (length(decision_reason) BETWEEN 1 AND 2000),
  -- A no-revocation decision: what the person must do now, in plain words for the letter.
  instructions text CHECK (length(instructions) BETWEEN 1 AND 2000),
  -- An emergency detention or warrant request authorised at once; the officer completes the file by a working day.
  emergency_authorised boolean NOT NULL DEFAULT false,
  file_due_on date,
  file_completed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL,
  CHECK (emergency = (emergency_reason IS NOT NULL)),
  CHECK ((status IN ('referred', 'no_revocation')) = (decided_by IS NOT NULL AND decided_at IS NOT NULL)),
  CHECK (status <> 'no_revocation' OR instructions IS NOT NULL),
  CHECK (emergency_authorised = (file_due_on IS NOT NULL)),
  -- No one decides their own recommendation (the policy's notSelf rule says so too).
  CHECK (decided_by IS NULL OR decided_by <> created_by)
);
CREATE INDEX revocation_recommendation_case_idx ON revocation_recommendation (case_id, created_at DESC);

-- The violations a recommendation rests on (referred to the authority when it goes there).
CREATE TABLE revocation_violation (
  recommendation_id uuid NOT NULL REFERENCES revocation_recommendation(id),
  violation_id uuid NOT NULL REFERENCES violation(id),
  PRIMARY KEY (recommendation_id, violation_id)
);
CREATE INDEX revocation_violation_violation_idx ON revocation_violation (violation_id);

-- The person absconded: the case is on warrant status from the record until they are found (active or in custody).
CREATE TABLE absconding (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  last_contact_on date NOT NULL,
  circumstances text NOT NULL CHECK (length(circumstances) BETWEEN 1 AND 2000),
  -- The case's status before (active or tolled), kept for the history.
  previous_status text NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL,
  found_on date,
  found_status text CHECK (found_status IN ('active', 'in_custody')),
  found_note text CHECK (length(found_note) BETWEEN 1 AND 2000),
  found_by uuid REFERENCES app_user(id),
  found_at timestamptz,
  CHECK ((found_on IS NULL) = (found_status IS NULL) AND (found_on IS NULL) = (found_at IS NULL))
);
-- One standing absconding per case.
CREATE UNIQUE INDEX absconding_open_idx ON absconding (case_id) WHERE found_on IS NULL;

-- Absconding is a violation type and an event kind (the violations consumer makes the violation of the event).
ALTER TABLE violation DROP CONSTRAINT violation_violation_type_check;
ALTER TABLE violation ADD CONSTRAINT violation_violation_type_check CHECK (violation_type IN (
  'positive_test', 'dilute_test', 'adulterated_test', 'missed_test', 'refused_test', 'missed_appointment',
  'contact_no_show', 'contact_refused', 'condition_non_compliant', 'curfew_breach', 'zone_breach', 'police_contact',
  'new_arrest', 'absconding', 'other'));

ALTER TABLE supervision_event DROP CONSTRAINT supervision_event_kind_check;
ALTER TABLE supervision_event ADD CONSTRAINT supervision_event_kind_check CHECK (kind IN (
  'positive_test', 'dilute_test', 'adulterated_test', 'missed_test', 'refused_test',
  'missed_appointment', 'contact_no_show', 'contact_refused', 'condition_non_compliant',
  'curfew_breach', 'zone_breach', 'police_contact', 'new_arrest', 'absconding', 'housing_lost',
  'negative_test_streak', 'employment_verified', 'goal_completed', 'programme_completed'));

ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit', 'crisis', 'assessment_due', 'case_plan_step',
  'violation_response_due', 'response_approval_requested', 'explanation_due', 'enforcement_escalation',
  'acknowledge_achievement', 'early_discharge_approval_requested', 'early_discharge_request_to_board',
  'early_discharge_request_to_court', 'crisis_follow_up',
  'revocation_decision_requested', 'revocation_emergency_decision', 'revocation_complete_file'
));
