-- One task model: every obligation of a case is a task, created and closed by the capability that owns it in the
-- same transaction as its change. A task is owned by the case's supervising officer (whoever that is now, so a
-- transfer moves it), by the supervisors of the case's unit, or by a named user.
CREATE TABLE task (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  kind text NOT NULL CHECK (kind IN ('missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due')),
  owner text NOT NULL CHECK (owner IN ('case_officer', 'unit_supervisors', 'user')),
  owner_user_id uuid REFERENCES app_user(id),
  due_on date NOT NULL,
  -- The record the task comes from (a supervision event, a modification request, a random draw) and when it happened.
  source_type text NOT NULL CHECK (length(source_type) BETWEEN 1 AND 60),
  source_id uuid NOT NULL,
  source_occurred_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed', 'snoozed')),
  status_reason text CHECK (length(status_reason) BETWEEN 1 AND 500),
  snoozed_until timestamptz,
  -- Who made each change: null is the system (a capability's own rule, an event consumer).
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  changed_by uuid REFERENCES app_user(id),
  changed_at timestamptz NOT NULL,
  CHECK ((owner = 'user') = (owner_user_id IS NOT NULL)),
  CHECK ((status = 'snoozed') = (snoozed_until IS NOT NULL)),
  CHECK (status NOT IN ('dismissed', 'snoozed') OR status_reason IS NOT NULL)
);
-- One standing task per case, source and kind: creating it again is a no-op.
CREATE UNIQUE INDEX task_standing_idx ON task (case_id, source_type, source_id, kind) WHERE status IN ('open', 'snoozed');
CREATE INDEX task_case_idx ON task (case_id, created_at DESC);
CREATE INDEX task_source_idx ON task (source_type, source_id) WHERE status IN ('open', 'snoozed');
CREATE INDEX task_owner_user_idx ON task (owner_user_id) WHERE status IN ('open', 'snoozed') AND owner = 'user';

-- Every change of a task, kept as its history (creation, snooze, dismissal, done, reopening).
CREATE TABLE task_change (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES task(id),
  status text NOT NULL CHECK (status IN ('open', 'done', 'dismissed', 'snoozed')),
  reason text CHECK (length(reason) <= 500),
  snoozed_until timestamptz,
  changed_by uuid REFERENCES app_user(id),
  changed_at timestamptz NOT NULL
);
CREATE INDEX task_change_task_idx ON task_change (task_id, id);
