-- The durable job queue: one row per job. A worker claims a due row with FOR UPDATE SKIP LOCKED and a lease
-- (locked_until); a worker that dies leaves its lease to expire and another worker takes the job again.
-- lease_token fences a finished or failed report: only the holder of the current lease may settle the job.
CREATE TABLE job (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
  payload jsonb NOT NULL DEFAULT '{}',
  -- At most one queued job per key (a periodic job's name, an event delivery); a running one does not block the next.
  dedupe_key text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'dead')),
  run_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
  lease_token uuid,
  locked_until timestamptz,
  progress_done integer,
  progress_total integer,
  progress_note text CHECK (length(progress_note) <= 200),
  last_error text,
  agency_id uuid REFERENCES agency(id),
  enqueued_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz
);
CREATE UNIQUE INDEX job_dedupe_idx ON job (dedupe_key) WHERE status = 'queued';
CREATE INDEX job_due_idx ON job (run_at) WHERE status = 'queued';
CREATE INDEX job_lease_idx ON job (locked_until) WHERE status = 'running';
CREATE INDEX job_finished_idx ON job (finished_at) WHERE status = 'succeeded';

-- A periodic job is enqueued once per period across all instances: the instance that moves next_run_at on enqueues it.
CREATE TABLE periodic_job (
  name text PRIMARY KEY,
  next_run_at timestamptz NOT NULL
);

-- Supervision events from every source, and a positive kind for each achievement.
ALTER TABLE supervision_event DROP CONSTRAINT supervision_event_kind_check;
ALTER TABLE supervision_event ADD CONSTRAINT supervision_event_kind_check CHECK (kind IN (
  'positive_test', 'dilute_test', 'adulterated_test', 'missed_test', 'refused_test',
  'missed_appointment', 'contact_no_show', 'contact_refused', 'condition_non_compliant',
  'curfew_breach', 'zone_breach', 'police_contact', 'new_arrest',
  'negative_test_streak', 'employment_verified', 'goal_completed', 'programme_completed'));
ALTER TABLE supervision_event ADD COLUMN details jsonb;
ALTER TABLE supervision_event ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE supervision_event ADD COLUMN withdrawn_reason text CHECK (length(withdrawn_reason) <= 500);
-- One standing event per source, kind and time: raising it again is a no-op; after a withdrawal it may be raised anew,
-- and a later occurrence from the same source (a condition marked non-compliant again) is an event of its own.
CREATE UNIQUE INDEX supervision_event_standing_idx ON supervision_event (source_type, source_id, kind, occurred_at) WHERE withdrawn_at IS NULL;
-- consumed_at (one consumer) gives way to per-consumer processing state below; nothing had set it.
DROP INDEX supervision_event_open_idx;
ALTER TABLE supervision_event DROP COLUMN consumed_at;

-- Each consumer's processing of each event: the raised delivery, and a withdrawn one once the source is overturned.
-- done is set in the same transaction as the consumer's own changes, so a consumer acts on a delivery once.
CREATE TABLE supervision_event_delivery (
  event_id uuid NOT NULL REFERENCES supervision_event(id),
  consumer text NOT NULL CHECK (length(consumer) BETWEEN 1 AND 100),
  delivery text NOT NULL CHECK (delivery IN ('raised', 'withdrawn')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL,
  processed_at timestamptz,
  PRIMARY KEY (event_id, consumer, delivery)
);
CREATE INDEX supervision_event_delivery_pending_idx ON supervision_event_delivery (consumer) WHERE status = 'pending';
