-- Assessments scored by versioned instruments (issue 12). The definitions live in the repository's instruments/
-- folder; each version is copied here the first time an assessment uses it, with its content hash, so a completed
-- assessment can always be re-read against exactly the definition it was scored with, and a definition changed
-- under an old version number is refused rather than re-scoring the past.
CREATE TABLE instrument_version (
  instrument_id text NOT NULL CHECK (instrument_id ~ '^[a-z][a-z0-9_]*$'),
  version integer NOT NULL CHECK (version > 0),
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  definition jsonb NOT NULL,
  first_used_at timestamptz NOT NULL,
  PRIMARY KEY (instrument_id, version)
);

CREATE TABLE assessment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  instrument_id text NOT NULL,
  instrument_version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Set when completed: the scored result (item contributions, domain sub-scores, flags), its total and category,
  -- and the risk level the category maps to (null for a screener).
  score jsonb,
  total integer,
  category text,
  risk_level text CHECK (risk_level IN ('low', 'moderate', 'high', 'very_high')),
  started_by uuid NOT NULL REFERENCES app_user(id),
  started_at timestamptz NOT NULL,
  completed_by uuid REFERENCES app_user(id),
  completed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id),
  updated_at timestamptz NOT NULL,
  FOREIGN KEY (instrument_id, instrument_version) REFERENCES instrument_version (instrument_id, version),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL AND completed_by IS NOT NULL AND score IS NOT NULL AND category IS NOT NULL))
);
CREATE INDEX assessment_case_idx ON assessment (case_id, started_at DESC);
