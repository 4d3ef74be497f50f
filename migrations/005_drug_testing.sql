-- Drug and alcohol testing: programs, auditable random draws, specimens with results and chain of custody,
-- and supervision events that later capabilities (violation responses) consume.

-- Agency policy: whether a missed or refused test counts as a positive one.
ALTER TABLE agency ADD COLUMN missed_test_counts_as_positive boolean NOT NULL DEFAULT true;

CREATE TABLE testing_program (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  frequency text NOT NULL CHECK (frequency IN ('random', 'weekly', 'twice_monthly', 'monthly')),
  tests_per_month integer NOT NULL CHECK (tests_per_month BETWEEN 1 AND 31),
  panel text[] NOT NULL CHECK (cardinality(panel) BETWEEN 1 AND 20),
  method text NOT NULL CHECK (method IN ('urine', 'oral_fluid', 'breath', 'sweat_patch')),
  active boolean NOT NULL DEFAULT true,
  started_on date NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX testing_program_one_active_idx ON testing_program (case_id) WHERE active;

-- One draw per agency and day; the seed and every candidate's probability are stored so anyone can re-run it.
CREATE TABLE random_draw (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  draw_date date NOT NULL,
  seed text NOT NULL CHECK (seed ~ '^[0-9a-f]{64}$'),
  algorithm text NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  UNIQUE (agency_id, draw_date)
);

CREATE TABLE random_draw_candidate (
  draw_id uuid NOT NULL REFERENCES random_draw(id),
  program_id uuid NOT NULL REFERENCES testing_program(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  probability double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  selected boolean NOT NULL,
  PRIMARY KEY (draw_id, program_id)
);
CREATE INDEX random_draw_candidate_case_idx ON random_draw_candidate (case_id) WHERE selected;

CREATE TABLE drug_test (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  program_id uuid REFERENCES testing_program(id),
  specimen_id text CHECK (length(specimen_id) BETWEEN 1 AND 60),
  status text NOT NULL CHECK (status IN ('collected', 'missed', 'refused')),
  collected_at timestamptz NOT NULL,
  method text NOT NULL CHECK (method IN ('urine', 'oral_fluid', 'breath', 'sweat_patch')),
  collected_by uuid NOT NULL REFERENCES app_user(id),
  observed_by uuid REFERENCES app_user(id),
  admission boolean NOT NULL DEFAULT false,
  admitted_substances text[] NOT NULL DEFAULT ARRAY[]::text[],
  created_at timestamptz NOT NULL,
  UNIQUE (agency_id, specimen_id),
  CHECK ((status = 'collected') = (specimen_id IS NOT NULL))
);
CREATE INDEX drug_test_case_idx ON drug_test (case_id, collected_at DESC);

CREATE TABLE drug_test_result (
  test_id uuid NOT NULL REFERENCES drug_test(id),
  substance text NOT NULL,
  result text NOT NULL CHECK (result IN ('negative', 'positive', 'dilute', 'adulterated', 'invalid')),
  confirmation text NOT NULL DEFAULT 'not_required' CHECK (confirmation IN ('not_required', 'pending', 'confirmed', 'overturned')),
  PRIMARY KEY (test_id, substance)
);

CREATE TABLE custody_step (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  test_id uuid NOT NULL REFERENCES drug_test(id),
  step integer NOT NULL,
  action text NOT NULL CHECK (action IN ('collected', 'sealed', 'shipped', 'received_by_lab', 'tested')),
  by_name text NOT NULL CHECK (length(by_name) BETWEEN 1 AND 160),
  at timestamptz NOT NULL,
  UNIQUE (test_id, step)
);

-- Facts a violation response may follow up, raised where they happen and consumed later.
CREATE TABLE supervision_event (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  kind text NOT NULL CHECK (kind IN ('positive_test', 'dilute_test', 'adulterated_test', 'missed_test', 'refused_test')),
  source_type text NOT NULL,
  source_id uuid NOT NULL,
  counts_as_positive boolean NOT NULL DEFAULT false,
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX supervision_event_open_idx ON supervision_event (case_id) WHERE consumed_at IS NULL;
