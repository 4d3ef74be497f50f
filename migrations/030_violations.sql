-- Violations and graduated responses (issue 13 §1–§2). Every non-compliance event becomes a violation (or joins the
-- violation of its episode); officers record others by hand; responses are chosen from the agency's response matrix.

-- The agency's severity of each violation type; no row for a type: the shipped default (response-matrix.ts).
CREATE TABLE violation_severity (
  agency_id uuid NOT NULL REFERENCES agency(id),
  violation_type text NOT NULL CHECK (length(violation_type) BETWEEN 1 AND 60),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (agency_id, violation_type)
);

-- The agency's response matrix (checked before it is stored); none: the shipped default.
CREATE TABLE response_matrix (
  agency_id uuid PRIMARY KEY REFERENCES agency(id),
  rows jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE violation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  violation_type text NOT NULL CHECK (violation_type IN (
    'positive_test', 'dilute_test', 'adulterated_test', 'missed_test', 'refused_test', 'missed_appointment',
    'contact_no_show', 'contact_refused', 'condition_non_compliant', 'curfew_breach', 'zone_breach', 'police_contact',
    'new_arrest', 'other')),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  occurred_at timestamptz NOT NULL,
  description text CHECK (length(description) <= 1000),
  persons_account text CHECK (length(persons_account) <= 4000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'addressed', 'referred', 'withdrawn')),
  status_reason text CHECK (length(status_reason) BETWEEN 1 AND 500),
  -- Grouped into another violation of the same episode (then withdrawn, saying so).
  merged_into uuid REFERENCES violation(id),
  -- null: made from supervision events by the violations consumer.
  recorded_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status <> 'withdrawn' OR status_reason IS NOT NULL)
);
CREATE INDEX violation_case_idx ON violation (case_id, occurred_at DESC);
-- The caseload's "open violation" filter.
CREATE INDEX violation_open_case_idx ON violation (case_id) WHERE status = 'open';

-- The records a violation rests on: a supervision event (and its source), kept when the event is withdrawn.
-- episode_keys: the records it concerns ("contact:<id>", "appointment:<id>"), so a no-show and the missed appointment
-- it was recorded against join one violation.
CREATE TABLE violation_evidence (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  violation_id uuid NOT NULL REFERENCES violation(id),
  event_id uuid REFERENCES supervision_event(id),
  event_kind text,
  source_type text NOT NULL CHECK (length(source_type) BETWEEN 1 AND 60),
  source_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  episode_keys text[] NOT NULL DEFAULT ARRAY[]::text[],
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  added_at timestamptz NOT NULL,
  withdrawn_at timestamptz,
  withdrawn_reason text CHECK (length(withdrawn_reason) <= 500)
);
CREATE UNIQUE INDEX violation_evidence_event_idx ON violation_evidence (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX violation_evidence_violation_idx ON violation_evidence (violation_id);

-- A response chosen for a violation: in the matrix's cell, or a departure with its reason; a departure, and anything
-- that goes to the authority, awaits a supervisor's approval (never the proposer's own).
CREATE TABLE violation_response (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order responses were chosen in (several can be chosen in the same instant).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  violation_id uuid NOT NULL REFERENCES violation(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  response text NOT NULL CHECK (response IN ('verbal_warning', 'written_warning', 'increased_reporting', 'curfew',
    'treatment_referral', 'community_service', 'supervision_level_increase', 'short_sanction', 'report_to_authority')),
  within_matrix boolean NOT NULL,
  departure_reason text CHECK (length(departure_reason) BETWEEN 1 AND 1000),
  note text CHECK (length(note) <= 1000),
  due_on date NOT NULL,
  needs_approval boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('awaiting_approval', 'to_do', 'done', 'refused', 'cancelled')),
  proposed_by uuid NOT NULL REFERENCES app_user(id),
  proposed_at timestamptz NOT NULL,
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  decision_reason text CHECK (length(decision_reason) <= 1000),
  completed_by uuid REFERENCES app_user(id),
  completed_at timestamptz,
  completion_note text CHECK (length(completion_note) <= 1000),
  CHECK (within_matrix OR departure_reason IS NOT NULL),
  CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE INDEX violation_response_violation_idx ON violation_response (violation_id, seq);

-- The tasks of responses: one per response to carry out by its due day, and the supervisors' approval of a departure.
ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit', 'crisis', 'assessment_due', 'case_plan_step',
  'violation_response_due', 'response_approval_requested'
));
