-- Incentives (issue 13 §4): positive responses recorded for a person's achievements, and the agency's target for the
-- incentive-to-sanction ratio. An achievement event asks the officer to acknowledge it (task acknowledge_achievement).

-- The agency's target ratio (incentives per sanction) and the incentives of its own it adds to the shipped list;
-- no row: 4 : 1 and the shipped list only.
CREATE TABLE incentive_setting (
  agency_id uuid PRIMARY KEY REFERENCES agency(id),
  target_ratio numeric(4, 1) NOT NULL CHECK (target_ratio > 0 AND target_ratio <= 20),
  agency_kinds text[] NOT NULL DEFAULT ARRAY[]::text[],
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE incentive (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  kind text NOT NULL CHECK (kind IN ('praise', 'reduced_reporting', 'travel_permission', 'certificate', 'curfew_relaxation',
    'early_discharge_recommendation', 'agency_defined')),
  -- The agency's own incentive (from incentive_setting.agency_kinds, kept as its words) when kind = agency_defined.
  agency_kind text CHECK (length(agency_kind) BETWEEN 1 AND 80),
  given_on date NOT NULL,
  note text CHECK (length(note) <= 1000),
  -- What it rewards: an achievement (a positive supervision event) and/or a goal of the case plan; both optional.
  event_id uuid REFERENCES supervision_event(id),
  goal_id uuid REFERENCES case_plan_goal(id),
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL,
  CHECK ((kind = 'agency_defined') = (agency_kind IS NOT NULL))
);
CREATE INDEX incentive_case_idx ON incentive (case_id, given_on DESC);
-- The supervisors' ratio per officer of a period.
CREATE INDEX incentive_recorded_by_idx ON incentive (recorded_by, given_on);
CREATE INDEX violation_response_proposed_by_idx ON violation_response (proposed_by, proposed_at);

ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit', 'crisis', 'assessment_due', 'case_plan_step',
  'violation_response_due', 'response_approval_requested', 'explanation_due', 'enforcement_escalation',
  'acknowledge_achievement'
));
