-- Monitoring alerts (issue 14 §5, §8): triage, grouping, suspension, escalation and the alert task. The alert table
-- itself is in 038; this adds what triage needs around it.

-- The agency's alert handling settings (one row per agency; defaults apply until an administrator saves them).
CREATE TABLE monitoring_alert_settings (
  agency_id uuid PRIMARY KEY REFERENCES agency(id),
  -- Repeats of one kind for one activation (and zone) this close together fold into the open alert.
  group_window_minutes integer NOT NULL DEFAULT 30 CHECK (group_window_minutes BETWEEN 1 AND 1440),
  -- A lost signal that comes back within this long is cleared by itself: nobody is told of it.
  no_signal_grace_minutes integer NOT NULL DEFAULT 10 CHECK (no_signal_grace_minutes BETWEEN 0 AND 240),
  -- A high-severity alert still new after this long is escalated to the unit's supervisors.
  escalation_minutes integer NOT NULL DEFAULT 15 CHECK (escalation_minutes BETWEEN 1 AND 1440),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A case's suspension of all (alert_kinds null) or some alert kinds, with a reason: one-off (15 min – 2 h) or weekly
-- (a window on some days, in the agency's time zone, until ends_at or lifted). Events during an active suspension are
-- stored as alerts already resolved (disposition 'suspended', naming the suspension), so what happened stays visible.
CREATE TABLE monitoring_alert_suspension (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  alert_kinds text[] CHECK (alert_kinds IS NULL OR cardinality(alert_kinds) BETWEEN 1 AND 20),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  schedule_kind text NOT NULL CHECK (schedule_kind IN ('one_off', 'weekly')),
  starts_at timestamptz NOT NULL,
  -- one_off: the end (15 min – 2 h after the start); weekly: the last moment the schedule applies (null: until lifted).
  ends_at timestamptz,
  -- weekly: ISO weekdays (1 = Monday) and the window in minutes after local midnight (an end before the start runs overnight).
  weekdays integer[] CHECK (weekdays IS NULL OR (cardinality(weekdays) BETWEEN 1 AND 7 AND weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7])),
  window_start_minute integer CHECK (window_start_minute BETWEEN 0 AND 1439),
  window_end_minute integer CHECK (window_end_minute BETWEEN 0 AND 1439),
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  lifted_by uuid REFERENCES app_user(id),
  lifted_at timestamptz,
  CHECK (schedule_kind <> 'one_off' OR (ends_at IS NOT NULL AND ends_at - starts_at BETWEEN interval '15 minutes' AND interval '2 hours')),
  CHECK (schedule_kind <> 'weekly' OR (weekdays IS NOT NULL AND window_start_minute IS NOT NULL AND window_end_minute IS NOT NULL
    AND window_start_minute <> window_end_minute)),
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
);
CREATE INDEX monitoring_alert_suspension_case_idx ON monitoring_alert_suspension (case_id, starts_at DESC);

ALTER TABLE monitoring_alert
  ADD COLUMN suspension_id uuid REFERENCES monitoring_alert_suspension(id),
  -- When the unit's supervisors were told it was not acknowledged in time.
  ADD COLUMN escalated_at timestamptz,
  -- Who made the last triage change (the version claim names them in a 409).
  ADD COLUMN updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL;

-- The engine's stable key of each event recorded (raised or folded) and the alert it went to: a repeat of a key (a
-- retried batch) is not counted twice, and a withdrawal (a late reading disproved the event) finds its alert.
CREATE TABLE monitoring_alert_event (
  activation_id uuid NOT NULL REFERENCES monitoring_activation(id),
  event_key text NOT NULL CHECK (length(event_key) BETWEEN 1 AND 200),
  alert_id uuid NOT NULL REFERENCES monitoring_alert(id),
  PRIMARY KEY (activation_id, event_key)
);
CREATE INDEX monitoring_alert_event_alert_idx ON monitoring_alert_event (alert_id);
-- The caseload counts each case's unresolved alerts.
CREATE INDEX monitoring_alert_unresolved_case_idx ON monitoring_alert (case_id) WHERE status <> 'resolved';
-- The supervisor's report reads alerts raised in a period.
CREATE INDEX monitoring_alert_raised_idx ON monitoring_alert (agency_id, raised_at);

-- 'suspended': raised while a suspension covered it, stored already resolved.
ALTER TABLE monitoring_alert DROP CONSTRAINT monitoring_alert_disposition_check;
ALTER TABLE monitoring_alert ADD CONSTRAINT monitoring_alert_disposition_check CHECK (disposition IN (
  'confirmed_violation', 'gps_drift', 'authorised_schedule_change', 'device_fault', 'auto_cleared', 'suspended'));

CREATE TABLE monitoring_alert_note (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL REFERENCES monitoring_alert(id),
  author_id uuid NOT NULL REFERENCES app_user(id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL
);
CREATE INDEX monitoring_alert_note_alert_idx ON monitoring_alert_note (alert_id, created_at);

ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit', 'crisis', 'assessment_due', 'case_plan_step',
  'violation_response_due', 'response_approval_requested', 'explanation_due', 'enforcement_escalation',
  'acknowledge_achievement', 'early_discharge_approval_requested', 'early_discharge_request_to_board',
  'early_discharge_request_to_court', 'crisis_follow_up',
  'revocation_decision_requested', 'revocation_emergency_decision', 'revocation_complete_file', 'monitoring_alert'
));
