-- Officer field safety: check-in/check-out of field visits, escalation when overdue, and notifications.

ALTER TABLE agency ADD COLUMN field_escalation_minutes integer NOT NULL DEFAULT 15 CHECK (field_escalation_minutes BETWEEN 1 AND 240);
-- Who else is told when an officer does not check out (e.g. the duty supervisor or dispatch).
ALTER TABLE agency ADD COLUMN duty_contact_user_id uuid REFERENCES app_user(id);

CREATE TABLE field_visit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  officer_id uuid NOT NULL REFERENCES app_user(id),
  case_id uuid REFERENCES supervision_case(id),
  location text NOT NULL CHECK (length(location) BETWEEN 1 AND 300),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  started_at timestamptz NOT NULL,
  expected_end_at timestamptz NOT NULL,
  checked_out_at timestamptz,
  second_officer_id uuid REFERENCES app_user(id),
  -- Set when the visit went ahead without the second officer the person's cautions call for.
  solo_override_reason text CHECK (length(solo_override_reason) <= 500),
  escalation_level integer NOT NULL DEFAULT 0,
  last_escalated_at timestamptz,
  acknowledged_by uuid REFERENCES app_user(id),
  acknowledged_at timestamptz,
  CHECK (expected_end_at > started_at)
);
-- One open visit per officer; and the escalation job's scan of open visits.
CREATE UNIQUE INDEX field_visit_one_open_idx ON field_visit (officer_id) WHERE checked_out_at IS NULL;
CREATE INDEX field_visit_open_idx ON field_visit (expected_end_at) WHERE checked_out_at IS NULL AND acknowledged_at IS NULL;

CREATE TABLE notification (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text CHECK (length(body) <= 2000),
  record_type text,
  record_id uuid,
  urgent boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC);
