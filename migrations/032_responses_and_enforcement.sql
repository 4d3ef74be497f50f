-- Responses that act (issue 13 §2) and the enforcement decision taken while recording an outcome (§3).

-- What the officer set for a response that changes supervision (the higher level, the curfew's hours) and what it
-- did once in effect (the level history's change, the condition version, the warning letter).
ALTER TABLE violation_response ADD COLUMN effect jsonb;
ALTER TABLE violation_response ADD COLUMN applied jsonb;
ALTER TABLE violation_response ADD COLUMN applied_at timestamptz;

-- A warning letter made from the response when it is in effect: the facts it was written with, kept as written.
CREATE TABLE warning_letter (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  response_id uuid NOT NULL UNIQUE REFERENCES violation_response(id),
  person_name text NOT NULL CHECK (length(person_name) BETWEEN 1 AND 300),
  violation_type text NOT NULL CHECK (length(violation_type) BETWEEN 1 AND 60),
  violation_occurred_at timestamptz NOT NULL,
  response text NOT NULL CHECK (length(response) BETWEEN 1 AND 60),
  letter_date date NOT NULL,
  officer_name text NOT NULL CHECK (length(officer_name) BETWEEN 1 AND 300),
  agency_name text NOT NULL CHECK (length(agency_name) BETWEEN 1 AND 300),
  created_at timestamptz NOT NULL
);
CREATE INDEX warning_letter_case_idx ON warning_letter (case_id);

-- The officer's enforcement decision on a missed appointment or failed contact, made with the outcome in one request.
CREATE TABLE enforcement_decision (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  contact_id uuid NOT NULL UNIQUE REFERENCES contact(id),
  appointment_id uuid REFERENCES appointment(id),
  decision text NOT NULL CHECK (decision IN ('no_action', 'warning', 'matrix_response', 'pending_explanation')),
  reason text CHECK (length(reason) BETWEEN 1 AND 1000),
  violation_id uuid NOT NULL REFERENCES violation(id),
  response_id uuid REFERENCES violation_response(id),
  explanation_due_on date,
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL,
  CHECK (decision <> 'no_action' OR reason IS NOT NULL),
  CHECK ((decision = 'pending_explanation') = (explanation_due_on IS NOT NULL)),
  CHECK ((decision IN ('warning', 'matrix_response')) = (response_id IS NOT NULL))
);
CREATE INDEX enforcement_decision_case_idx ON enforcement_decision (case_id, decided_at DESC);

-- A level raised by a violation response goes through the level history with its own cause.
ALTER TABLE case_level_change DROP CONSTRAINT case_level_change_cause_check;
ALTER TABLE case_level_change ADD CONSTRAINT case_level_change_cause_check
  CHECK (cause IN ('intake', 'manual', 'assessment', 'override', 'event', 'violation_response'));

-- The explanation awaited by its deadline, and the escalation an agency clock asks for.
ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit', 'crisis', 'assessment_due', 'case_plan_step',
  'violation_response_due', 'response_approval_requested', 'explanation_due', 'enforcement_escalation'
));
