-- Fairness monitoring (issue 13 §7): race and ethnicity as the person reports them (OMB SPD 15, 2024: one combined
-- question, several answers allowed) or that they declined. Kept apart from the person row so it is read only on
-- its own, audited, and never travels with the caseload, the person page or exports; reports use it in aggregate.
CREATE TABLE person_race_ethnicity (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL UNIQUE REFERENCES person(id),
  agency_id uuid NOT NULL REFERENCES agency(id),
  declined boolean NOT NULL,
  categories text[] NOT NULL CHECK (categories <@ ARRAY['american_indian_alaska_native', 'asian', 'black_african_american',
    'hispanic_latino', 'middle_eastern_north_african', 'native_hawaiian_pacific_islander', 'white']::text[]),
  CHECK (declined = (cardinality(categories) = 0)),
  recorded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL
);

-- The caseload's "response to carry out" filter (issue 13 §9): a case's responses awaiting approval or to do.
CREATE INDEX violation_response_due_case_idx ON violation_response (case_id) WHERE status IN ('awaiting_approval', 'to_do');
