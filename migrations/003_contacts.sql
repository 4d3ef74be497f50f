-- Contacts, appointments and configurable contact standards.

-- Contact periods and due dates are calendar dates in the agency's own time zone.
ALTER TABLE agency ADD COLUMN time_zone text NOT NULL DEFAULT 'America/New_York';
ALTER TABLE agency ADD COLUMN home_verification_days integer NOT NULL DEFAULT 10 CHECK (home_verification_days BETWEEN 1 AND 90);
ALTER TABLE agency ADD COLUMN due_soon_days integer NOT NULL DEFAULT 7 CHECK (due_soon_days BETWEEN 0 AND 31);

-- An agency's contact standards: at least contact_count contacts of a kind per period, per level
-- (and optionally per specialised caseload tag, which then replaces the level's rule of that kind).
CREATE TABLE contact_requirement (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  supervision_level text NOT NULL CHECK (supervision_level IN ('intensive', 'high', 'moderate', 'low', 'administrative')),
  caseload_tag text,
  kind text NOT NULL CHECK (kind IN ('face_to_face', 'field')),
  contact_count integer NOT NULL CHECK (contact_count BETWEEN 1 AND 31),
  period_months integer NOT NULL CHECK (period_months IN (1, 2, 3))
);
CREATE UNIQUE INDEX contact_requirement_rule_key ON contact_requirement (agency_id, supervision_level, coalesce(caseload_tag, ''), kind);

CREATE TABLE contact (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  contact_type text NOT NULL CHECK (contact_type IN ('office_visit', 'scheduled_home_visit', 'unannounced_home_visit', 'field_visit',
    'employment_visit', 'collateral', 'phone', 'video', 'remote_checkin')),
  occurred_at timestamptz NOT NULL,
  location text CHECK (length(location) <= 300),
  people_present text CHECK (length(people_present) <= 500),
  outcome text NOT NULL CHECK (outcome IN ('completed', 'attempted', 'refused', 'cancelled', 'no_show')),
  officer_id uuid NOT NULL REFERENCES app_user(id),
  note_id uuid REFERENCES case_note(id),
  -- A completed home visit at the current address verifies it.
  verified_address_id uuid REFERENCES person_address(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Covering: the standards read type and outcome of recent contacts from the index alone.
CREATE INDEX contact_case_time_idx ON contact (case_id, occurred_at DESC) INCLUDE (contact_type, outcome);

CREATE TABLE appointment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  officer_id uuid NOT NULL REFERENCES app_user(id),
  appointment_type text NOT NULL CHECK (appointment_type IN ('office_visit', 'scheduled_home_visit', 'field_visit', 'employment_visit', 'phone', 'video')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  location text CHECK (length(location) <= 300),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'completed', 'cancelled')),
  cancel_reason text CHECK (length(cancel_reason) <= 500),
  contact_id uuid REFERENCES contact(id),
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX appointment_officer_time_idx ON appointment (officer_id, starts_at);
CREATE INDEX appointment_case_time_idx ON appointment (case_id, starts_at);

-- A secret URL per officer for calendar apps to subscribe to (only initials and appointment types in it).
CREATE TABLE calendar_feed (
  officer_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Supervision level history, so contact requirements can be prorated when a level changes mid-period.
CREATE TABLE case_level_change (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  supervision_level text NOT NULL CHECK (supervision_level IN ('intensive', 'high', 'moderate', 'low', 'administrative')),
  effective_on date NOT NULL,
  changed_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_level_change_case_idx ON case_level_change (case_id, effective_on);
