-- Crisis intervention (issue 13 §8): a crisis record on a case with its immediate checklist and follow-ups, the
-- 24/7 crisis contacts of each area (unit) maintained by administrators, and the follow-up defaults of the agency.

-- Follow-ups a new crisis starts with (what, within how many hours); null: the shipped default (crisis.ts).
ALTER TABLE agency ADD COLUMN crisis_follow_up_defaults jsonb;

-- 24/7 crisis lines and services; unit_id null: every area of the agency (a national line such as 988).
CREATE TABLE crisis_contact (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  unit_id uuid,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  service text NOT NULL CHECK (length(service) BETWEEN 1 AND 200),
  phone text NOT NULL CHECK (length(phone) BETWEEN 3 AND 40),
  available_24x7 boolean NOT NULL,
  hours text CHECK (length(hours) BETWEEN 1 AND 200),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL,
  FOREIGN KEY (agency_id, unit_id) REFERENCES unit(agency_id, id),
  CHECK (available_24x7 OR hours IS NOT NULL)
);
CREATE INDEX crisis_contact_agency_idx ON crisis_contact (agency_id, unit_id);

CREATE TABLE crisis (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  crisis_type text NOT NULL CHECK (crisis_type IN (
    'mental_health_emergency', 'suicide_risk', 'relapse', 'housing_loss', 'family_conflict', 'victimisation')),
  occurred_at timestamptz NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closing_summary text CHECK (length(closing_summary) BETWEEN 1 AND 4000),
  closed_by uuid REFERENCES app_user(id),
  closed_at timestamptz,
  -- What set it off: an assessment's crisis flag (the screener item it rests on), or a supervision event.
  trigger_assessment_id uuid REFERENCES assessment(id),
  trigger_item text CHECK (length(trigger_item) BETWEEN 1 AND 100),
  trigger_flag text CHECK (length(trigger_flag) BETWEEN 1 AND 100),
  -- The instrument's words for the item and flag as they were when the crisis opened (titles, prompt, label).
  trigger_detail jsonb,
  trigger_event_id uuid REFERENCES supervision_event(id),
  -- null: opened by an assessment's crisis flag as it was saved (the officer who saved it is in the audit log).
  recorded_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL AND closing_summary IS NOT NULL)),
  CHECK (trigger_assessment_id IS NULL OR trigger_event_id IS NULL)
);
CREATE INDEX crisis_case_idx ON crisis (case_id, occurred_at DESC);
-- The caseload's "crisis open" filter and flag.
CREATE INDEX crisis_open_case_idx ON crisis (case_id) WHERE status = 'open';
-- One crisis per assessment flag: saving the screener again opens nothing new.
CREATE UNIQUE INDEX crisis_trigger_flag_idx ON crisis (trigger_assessment_id, trigger_flag) WHERE trigger_assessment_id IS NOT NULL;

-- The immediate checklist, as recorded: each entry with who recorded it and when (a later entry of an item updates it).
CREATE TABLE crisis_checklist_entry (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crisis_id uuid NOT NULL REFERENCES crisis(id),
  item text NOT NULL CHECK (item IN ('person_safe', 'called', 'referral', 'emergency_services')),
  -- person_safe: yes / no / unknown; emergency_services: yes / no.
  answer text CHECK (answer IN ('yes', 'no', 'unknown')),
  crisis_contact_id uuid REFERENCES crisis_contact(id),
  -- Who was called (the contact's name and service as they were) or referred to.
  name text CHECK (length(name) BETWEEN 1 AND 300),
  phone text CHECK (length(phone) <= 40),
  called_at timestamptz,
  note text CHECK (length(note) BETWEEN 1 AND 1000),
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL,
  CHECK (item NOT IN ('person_safe', 'emergency_services') OR answer IS NOT NULL),
  CHECK (item NOT IN ('called', 'referral') OR name IS NOT NULL),
  CHECK (item <> 'called' OR called_at IS NOT NULL)
);
CREATE INDEX crisis_checklist_crisis_idx ON crisis_checklist_entry (crisis_id, id);

-- Follow-ups of a crisis: each is a crisis_follow_up task (source crisis_follow_up, this row) of the case's officer.
CREATE TABLE crisis_follow_up (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  crisis_id uuid NOT NULL REFERENCES crisis(id),
  what text NOT NULL CHECK (length(what) BETWEEN 1 AND 200),
  due_on date NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX crisis_follow_up_crisis_idx ON crisis_follow_up (crisis_id, seq);

ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit', 'crisis', 'assessment_due', 'case_plan_step',
  'violation_response_due', 'response_approval_requested', 'explanation_due', 'enforcement_escalation',
  'acknowledge_achievement', 'early_discharge_approval_requested', 'early_discharge_request_to_board',
  'early_discharge_request_to_court', 'crisis_follow_up'
));
