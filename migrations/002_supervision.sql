-- People under supervision, their supervision cases, conditions, assignments and case notes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE person (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  agency_person_number text NOT NULL CHECK (length(agency_person_number) BETWEEN 1 AND 40),
  state_id text CHECK (length(state_id) BETWEEN 1 AND 40),
  fbi_number text CHECK (length(fbi_number) BETWEEN 1 AND 40),
  first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 80),
  middle_name text CHECK (length(middle_name) <= 80),
  last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 80),
  date_of_birth date NOT NULL,
  sex text CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  phone text CHECK (length(phone) <= 40),
  email text CHECK (length(email) <= 200),
  languages text[] NOT NULL DEFAULT ARRAY['English']::text[],
  photo_jpeg bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Each identifier is unique within an agency (a clash is a 409 naming it).
  UNIQUE (agency_id, agency_person_number),
  UNIQUE (agency_id, state_id),
  UNIQUE (agency_id, fbi_number)
);
-- Name search across a caseload or unit: trigram index on "last first".
CREATE INDEX person_name_trgm_idx ON person USING gin ((lower(last_name || ' ' || first_name)) gin_trgm_ops);

CREATE TABLE person_alias (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 160),
  kind text NOT NULL DEFAULT 'alias' CHECK (kind IN ('alias', 'maiden', 'nickname', 'street'))
);
CREATE INDEX person_alias_person_idx ON person_alias (person_id);

CREATE TABLE person_address (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  line1 text NOT NULL CHECK (length(line1) BETWEEN 1 AND 200),
  line2 text CHECK (length(line2) <= 200),
  city text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  state text NOT NULL CHECK (length(state) BETWEEN 2 AND 40),
  postal_code text NOT NULL CHECK (length(postal_code) BETWEEN 3 AND 12),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  moved_in date NOT NULL,
  moved_out date,
  verification_status text NOT NULL DEFAULT 'unverified' CHECK (verification_status IN ('unverified', 'verified', 'failed')),
  verified_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (moved_out IS NULL OR moved_out >= moved_in)
);
CREATE INDEX person_address_person_idx ON person_address (person_id, moved_in DESC);

CREATE TABLE person_employment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  employer text NOT NULL CHECK (length(employer) BETWEEN 1 AND 200),
  position text CHECK (length(position) <= 120),
  phone text CHECK (length(phone) <= 40),
  started_on date NOT NULL,
  ended_on date,
  verified boolean NOT NULL DEFAULT false,
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX person_employment_person_idx ON person_employment (person_id, started_on DESC);

CREATE TABLE person_contact (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('household', 'family', 'emergency')),
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 160),
  relationship text CHECK (length(relationship) <= 80),
  phone text CHECK (length(phone) <= 40)
);
CREATE INDEX person_contact_person_idx ON person_contact (person_id);

-- Shown prominently to anyone about to visit or meet the person.
CREATE TABLE safety_caution (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('violence', 'weapons', 'dog', 'residence_hazard', 'other')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX safety_caution_person_idx ON safety_caution (person_id) WHERE active;

CREATE TABLE supervision_case (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  person_id uuid NOT NULL REFERENCES person(id),
  case_number text NOT NULL CHECK (length(case_number) BETWEEN 1 AND 40),
  supervision_type text NOT NULL CHECK (supervision_type IN ('parole', 'probation')),
  population text NOT NULL DEFAULT 'adult' CHECK (population IN ('adult', 'juvenile')),
  authority_name text NOT NULL CHECK (length(authority_name) BETWEEN 1 AND 200),
  docket_number text CHECK (length(docket_number) <= 60),
  sentence_date date,
  supervision_start date NOT NULL,
  expected_end date,
  actual_end date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('pre_release', 'active', 'warrant', 'in_custody', 'tolled', 'closed')),
  closure_reason text CHECK (closure_reason IN ('successful_completion', 'early_discharge', 'revoked', 'absconded', 'deceased', 'transferred')),
  supervision_level text NOT NULL DEFAULT 'moderate' CHECK (supervision_level IN ('intensive', 'high', 'moderate', 'low', 'administrative')),
  risk_level text CHECK (risk_level IN ('low', 'moderate', 'high', 'very_high')),
  tags text[] NOT NULL DEFAULT ARRAY[]::text[] CHECK (tags <@ ARRAY['sex_offense', 'substance_use', 'mental_health', 'gang', 'electronic_monitoring', 'reentry', 'employment', 'homeless', 'veterans', 'high_risk']::text[]),
  unit_id uuid NOT NULL REFERENCES unit(id),
  officer_id uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, case_number),
  CHECK (expected_end IS NULL OR expected_end >= supervision_start),
  CHECK (actual_end IS NULL OR actual_end >= supervision_start),
  CHECK ((status = 'closed') = (closure_reason IS NOT NULL AND actual_end IS NOT NULL))
);
CREATE INDEX supervision_case_officer_idx ON supervision_case (officer_id, status);
CREATE INDEX supervision_case_unit_idx ON supervision_case (unit_id, status);
CREATE INDEX supervision_case_person_idx ON supervision_case (person_id);

CREATE TABLE case_offense (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
  statute text CHECK (length(statute) <= 80),
  severity text NOT NULL CHECK (severity IN ('felony', 'misdemeanor')),
  convicted_on date
);
CREATE INDEX case_offense_case_idx ON case_offense (case_id);

CREATE TABLE case_co_officer (
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  officer_id uuid NOT NULL REFERENCES app_user(id),
  PRIMARY KEY (case_id, officer_id)
);
CREATE INDEX case_co_officer_officer_idx ON case_co_officer (officer_id);

-- Every assignment a case has had; the open row (ended_at NULL) is the current one.
CREATE TABLE case_assignment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  officer_id uuid NOT NULL REFERENCES app_user(id),
  unit_id uuid NOT NULL REFERENCES unit(id),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  assigned_by uuid REFERENCES app_user(id)
);
CREATE INDEX case_assignment_case_idx ON case_assignment (case_id, started_at);

-- The agency's catalogue of standard and special conditions; kind fixes the parameters' shape.
CREATE TABLE condition_type (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9_-]{2,20}$'),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('standard', 'curfew', 'drug_testing', 'treatment', 'no_contact', 'geographic_restriction',
    'employment_education', 'community_service', 'fees', 'electronic_monitoring', 'travel_restriction')),
  is_standard boolean NOT NULL DEFAULT false,
  description text CHECK (length(description) <= 2000),
  UNIQUE (agency_id, code)
);

-- A condition as ordered. A modification ends the row (superseded_by) and adds a new one: never overwritten.
CREATE TABLE case_condition (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  condition_type_id uuid NOT NULL REFERENCES condition_type(id),
  parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
  effective_from date NOT NULL,
  effective_to date,
  ordered_by text NOT NULL CHECK (length(ordered_by) BETWEEN 1 AND 200),
  compliance text NOT NULL DEFAULT 'pending' CHECK (compliance IN ('pending', 'compliant', 'non_compliant', 'not_applicable')),
  supersedes uuid REFERENCES case_condition(id),
  superseded_by uuid REFERENCES case_condition(id),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE INDEX case_condition_case_idx ON case_condition (case_id);

-- Probation officers ask the court to change a condition; the request has its own life cycle.
CREATE TABLE condition_modification_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  condition_id uuid REFERENCES case_condition(id),
  condition_type_id uuid NOT NULL REFERENCES condition_type(id),
  proposed_parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
  justification text NOT NULL CHECK (length(justification) BETWEEN 1 AND 4000),
  status text NOT NULL DEFAULT 'drafted' CHECK (status IN ('drafted', 'submitted', 'granted', 'denied')),
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE INDEX condition_modification_request_case_idx ON condition_modification_request (case_id);

CREATE TABLE case_note (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  note_type text NOT NULL CHECK (note_type IN ('contact', 'collateral', 'office', 'home_visit', 'phone', 'administrative', 'supervisor_review')),
  occurred_at timestamptz NOT NULL,
  author_id uuid NOT NULL REFERENCES app_user(id),
  narrative text NOT NULL CHECK (length(narrative) BETWEEN 1 AND 20000),
  details jsonb,
  signed_at timestamptz,
  amends_note_id uuid REFERENCES case_note(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', narrative)) STORED
);
CREATE INDEX case_note_case_time_idx ON case_note (case_id, occurred_at DESC);
CREATE INDEX case_note_search_idx ON case_note USING gin (search_vector);
CREATE INDEX case_note_amends_idx ON case_note (amends_note_id) WHERE amends_note_id IS NOT NULL;
-- Last face-to-face contact per case, read for every row of a caseload.
CREATE INDEX case_note_contact_idx ON case_note (case_id, occurred_at DESC)
  WHERE note_type IN ('contact', 'office', 'home_visit') AND signed_at IS NOT NULL;

-- Signed notes are evidence: their text and facts never change; corrections are amendments.
CREATE FUNCTION case_note_signed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.signed_at IS NOT NULL THEN
      RAISE EXCEPTION 'signed case notes cannot be deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'signed case notes cannot be changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER case_note_signed_is_final BEFORE UPDATE OR DELETE ON case_note
  FOR EACH ROW EXECUTE FUNCTION case_note_signed_is_final();
