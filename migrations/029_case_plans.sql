-- Case plans, motivational-interviewing notes and level review opportunities (issue 12 §6–§8).

-- A case plan: one active version per case. A review makes a new version and keeps the old one, read-only, as
-- superseded. The plan is built from the needs and strengths of the case's latest completed assessment.
CREATE TABLE case_plan (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  -- The plan's version for people: 1, 2, … per case (`version` below is the row's optimistic-concurrency counter).
  plan_number integer NOT NULL CHECK (plan_number > 0),
  status text NOT NULL CHECK (status IN ('active', 'superseded')),
  assessment_id uuid REFERENCES assessment(id),
  supersedes uuid UNIQUE REFERENCES case_plan(id),
  review_reason text CHECK (length(review_reason) BETWEEN 1 AND 500),
  -- The supervisee's agreement: signed, verbal, or could not agree (with the reason).
  agreement text CHECK (agreement IN ('signed', 'verbal', 'not_agreed')),
  agreement_reason text CHECK (length(agreement_reason) BETWEEN 1 AND 500),
  agreement_on date,
  agreement_recorded_by uuid REFERENCES app_user(id),
  agreement_recorded_at timestamptz,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  superseded_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (case_id, plan_number),
  CHECK ((status = 'superseded') = (superseded_at IS NOT NULL)),
  CHECK ((agreement IS NULL) = (agreement_on IS NULL)),
  CHECK (agreement IS DISTINCT FROM 'not_agreed' OR agreement_reason IS NOT NULL)
);
CREATE UNIQUE INDEX case_plan_active_idx ON case_plan (case_id) WHERE status = 'active';

-- A goal targets one need of the assessment (or none: the person's own goal) and may build on its strengths.
-- The need's and strengths' titles are kept with the goal, so an old version reads the same whatever the instrument.
CREATE TABLE case_plan_goal (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES case_plan(id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  need_domain text CHECK (length(need_domain) BETWEEN 1 AND 100),
  need_title text CHECK (length(need_title) BETWEEN 1 AND 200),
  strengths jsonb NOT NULL DEFAULT '[]'::jsonb,
  completed_at timestamptz,
  UNIQUE (plan_id, position),
  CHECK ((need_domain IS NULL) = (need_title IS NULL))
);

-- SMART objectives: what (specific), how it is measured, by when.
CREATE TABLE case_plan_objective (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  goal_id uuid NOT NULL REFERENCES case_plan_goal(id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  measure text NOT NULL CHECK (length(measure) BETWEEN 1 AND 300),
  target_date date NOT NULL,
  UNIQUE (goal_id, position)
);

-- Action steps: who does it (the supervisee, the officer, or a named provider), by when, and whether it is done.
-- A step of the officer or the supervisee with a due day is also a task of the case's officer (kind case_plan_step).
CREATE TABLE case_plan_step (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  goal_id uuid NOT NULL REFERENCES case_plan_goal(id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  owner text NOT NULL CHECK (owner IN ('supervisee', 'officer', 'provider')),
  provider_name text CHECK (length(provider_name) BETWEEN 1 AND 200),
  due_on date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  done_at timestamptz,
  done_by uuid REFERENCES app_user(id),
  UNIQUE (goal_id, position),
  CHECK ((owner = 'provider') = (provider_name IS NOT NULL)),
  CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX case_plan_goal_plan_idx ON case_plan_goal (plan_id);
CREATE INDEX case_plan_step_goal_idx ON case_plan_step (goal_id);
CREATE INDEX case_plan_objective_goal_idx ON case_plan_objective (goal_id);

-- Plan steps become tasks. NOTE for merges: this list must be the union of every migration's kinds (027 and 028 add
-- their own); a later DROP/ADD with a shorter list would refuse the tasks of the kinds it leaves out.
ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit', 'crisis', 'assessment_due', 'case_plan_step'
));

-- Motivational-interviewing notes: a case note of its own type whose structured part (the person's own goals in
-- their words, the readiness ruler, change talk, agreed next steps linked to plan steps) is kept beside the
-- narrative, and becomes final with it when the note is signed (the signed-note trigger covers the whole row).
ALTER TABLE case_note DROP CONSTRAINT case_note_note_type_check;
ALTER TABLE case_note ADD CONSTRAINT case_note_note_type_check CHECK (note_type IN (
  'contact', 'collateral', 'office', 'home_visit', 'phone', 'administrative', 'supervisor_review', 'motivational_interview'
));
ALTER TABLE case_note ADD COLUMN interview jsonb;
ALTER TABLE case_note ADD CONSTRAINT case_note_interview_check CHECK ((note_type = 'motivational_interview') = (interview IS NOT NULL));

-- Level review opportunities are worked out from the case, its latest assessment and its supervision events when
-- asked; what people decided about one (lowered the level, denied with a reason, snoozed until a day) is kept here,
-- keyed by what the opportunity was (level, criteria met, assessment), so a denial holds until the facts change.
CREATE TABLE level_review_decision (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  opportunity_key text NOT NULL CHECK (length(opportunity_key) BETWEEN 1 AND 300),
  decision text NOT NULL CHECK (decision IN ('actioned', 'denied', 'snoozed')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  snoozed_until date,
  from_level text NOT NULL,
  to_level text,
  criteria jsonb NOT NULL,
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL,
  CHECK ((decision = 'snoozed') = (snoozed_until IS NOT NULL)),
  CHECK ((decision = 'actioned') = (to_level IS NOT NULL))
);
CREATE INDEX level_review_decision_case_idx ON level_review_decision (case_id, decided_at DESC);

-- The compliance streak asks for a case's latest concern; the latest completed assessment of a case is read by time.
CREATE INDEX supervision_event_case_time_idx ON supervision_event (case_id, occurred_at DESC) WHERE withdrawn_at IS NULL;
CREATE INDEX assessment_case_completed_idx ON assessment (case_id, completed_at DESC) WHERE status = 'completed';
