-- Assessments drive the case (issue 12 §3–§5): a completed assessment is final, its criminal-history answers are
-- kept as structured facts, its level may be overridden with a supervisor's approval, and level and risk changes
-- are recorded with their cause. New task kinds (crisis, assessment due), a supervision event for the loss of
-- housing (a reassessment trigger), and contact requirement kinds for the CSOSA pre-assessment standard.

-- A completed assessment is evidence of how a level was set: its answers and score never change (a new
-- assessment is started instead). The service answers 409 first; this stops any other path.
CREATE FUNCTION assessment_completed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'completed' THEN
    RAISE EXCEPTION 'completed assessments cannot be changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER assessment_completed_is_final BEFORE UPDATE ON assessment
  FOR EACH ROW EXECUTE FUNCTION assessment_completed_is_final();

-- The supervision level the completed assessment's category maps to (null for a screener), kept beside its risk level.
ALTER TABLE assessment ADD COLUMN supervision_level text
  CHECK (supervision_level IN ('intensive', 'high', 'moderate', 'low', 'administrative'));
CREATE INDEX assessment_completed_idx ON assessment (case_id, completed_at DESC) WHERE status = 'completed';

-- Criminal history as structured facts, written when an assessment is completed, for later forecasting to reuse
-- without reading instrument answers: counts of prior arrests and convictions (all, and by offense category), prior
-- revocations, age at first arrest, and whether supervision ever failed (1 or 0).
CREATE TABLE criminal_history_fact (
  assessment_id uuid NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  fact text NOT NULL CHECK (fact IN ('prior_arrests', 'prior_convictions', 'prior_revocations', 'age_at_first_arrest', 'supervision_failure')),
  offense_category text NOT NULL DEFAULT 'any'
    CHECK (offense_category IN ('any', 'violent', 'property', 'drug', 'weapons', 'sex', 'public_order', 'other')),
  value integer NOT NULL CHECK (value >= 0),
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (assessment_id, fact, offense_category)
);
CREATE INDEX criminal_history_fact_person_idx ON criminal_history_fact (person_id, fact, recorded_at DESC);

-- An officer's request to supervise at another level than the assessment gives, with the reason; a supervisor of
-- the case's unit decides it, never the person who asked (the policy's not-self rule; the CHECK is the last line).
CREATE TABLE assessment_override (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  assessed_level text NOT NULL CHECK (assessed_level IN ('intensive', 'high', 'moderate', 'low', 'administrative')),
  requested_level text NOT NULL CHECK (requested_level IN ('intensive', 'high', 'moderate', 'low', 'administrative')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'denied')),
  requested_by uuid NOT NULL REFERENCES app_user(id),
  requested_at timestamptz NOT NULL,
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  decision_reason text CHECK (length(decision_reason) <= 1000),
  CHECK ((status = 'requested') = (decided_by IS NULL AND decided_at IS NULL)),
  CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CHECK (requested_level <> assessed_level)
);
-- One request awaiting a decision per assessment.
CREATE UNIQUE INDEX assessment_override_pending_idx ON assessment_override (assessment_id) WHERE status = 'requested';
CREATE INDEX assessment_override_case_idx ON assessment_override (case_id, requested_at DESC);

-- Level history with its cause: intake (the level the case started with), a manual change, an assessment, an
-- approved override, or an event; the level before, for the person page's banner of what changed.
ALTER TABLE case_level_change ADD COLUMN cause text NOT NULL DEFAULT 'manual'
  CHECK (cause IN ('intake', 'manual', 'assessment', 'override', 'event'));
ALTER TABLE case_level_change ADD COLUMN previous_level text
  CHECK (previous_level IN ('intensive', 'high', 'moderate', 'low', 'administrative'));
ALTER TABLE case_level_change ADD COLUMN assessment_id uuid REFERENCES assessment(id);
ALTER TABLE case_level_change ADD COLUMN override_id uuid REFERENCES assessment_override(id);
-- The first row of a case's history was always the level it started with.
UPDATE case_level_change ch SET cause = 'intake'
 WHERE ch.id = (SELECT first.id FROM case_level_change first WHERE first.case_id = ch.case_id ORDER BY first.effective_on, first.created_at LIMIT 1);

-- Risk level history, with the same causes (the case row keeps only the current risk level).
CREATE TABLE case_risk_change (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  risk_level text CHECK (risk_level IN ('low', 'moderate', 'high', 'very_high')),
  previous_risk_level text CHECK (previous_risk_level IN ('low', 'moderate', 'high', 'very_high')),
  effective_on date NOT NULL,
  cause text NOT NULL CHECK (cause IN ('intake', 'manual', 'assessment', 'override', 'event')),
  assessment_id uuid REFERENCES assessment(id),
  changed_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX case_risk_change_case_idx ON case_risk_change (case_id, created_at DESC);

-- Crisis (an intake screener's suicide risk, no shelter tonight) and assessment due (first assessment after intake,
-- reassessment by level or after a triggering event).
ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit',
  'crisis', 'assessment_due'
));

-- Losing one's housing (a move to a shelter or to no fixed address) is a reassessment trigger.
ALTER TABLE supervision_event DROP CONSTRAINT supervision_event_kind_check;
ALTER TABLE supervision_event ADD CONSTRAINT supervision_event_kind_check CHECK (kind IN (
  'positive_test', 'dilute_test', 'adulterated_test', 'missed_test', 'refused_test',
  'missed_appointment', 'contact_no_show', 'contact_refused', 'condition_non_compliant',
  'curfew_breach', 'zone_breach', 'police_contact', 'new_arrest', 'housing_lost',
  'negative_test_streak', 'employment_verified', 'goal_completed', 'programme_completed'));

-- Contact requirement kinds beyond face-to-face and field, so the CSOSA pre-assessment standard (2 office, 1
-- collateral, 1 home visit and 1 employment verification each month) can be configured.
ALTER TABLE contact_requirement DROP CONSTRAINT contact_requirement_kind_check;
ALTER TABLE contact_requirement ADD CONSTRAINT contact_requirement_kind_check CHECK (kind IN (
  'face_to_face', 'field', 'office', 'home_visit', 'collateral', 'employment_verification'));
ALTER TABLE contact_standing DROP CONSTRAINT contact_standing_kind_check;
ALTER TABLE contact_standing ADD CONSTRAINT contact_standing_kind_check CHECK (kind IN (
  'face_to_face', 'field', 'office', 'home_visit', 'collateral', 'employment_verification', 'home_verification', 'whereabouts'));
