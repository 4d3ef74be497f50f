-- Notifications, delivered: a per-user sequence for the live stream (Server-Sent Events ids, so a reconnecting
-- browser catches up from Last-Event-ID), each user's delivery preferences, and the outbox of e-mail and SMS
-- deliveries that the dispatch job sends with retries and back-off (failed ones end as dead letters).
ALTER TABLE notification ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX notification_user_seq_idx ON notification (user_id, seq);

CREATE TABLE notification_preference (
  user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  email text CHECK (length(email) BETWEEN 3 AND 254),
  sms_phone text CHECK (length(sms_phone) BETWEEN 4 AND 40),
  -- Which kinds of notification also go by e-mail and by SMS (in-app is always on).
  email_kinds text[] NOT NULL DEFAULT '{}',
  sms_kinds text[] NOT NULL DEFAULT '{}',
  -- Quiet hours in the agency's time zone, minutes after midnight; e-mail and SMS of non-urgent kinds wait until they end.
  quiet_start_minute smallint CHECK (quiet_start_minute BETWEEN 0 AND 1439),
  quiet_end_minute smallint CHECK (quiet_end_minute BETWEEN 0 AND 1439),
  updated_at timestamptz NOT NULL,
  CHECK ((quiet_start_minute IS NULL) = (quiet_end_minute IS NULL))
);

CREATE TABLE notification_delivery (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL REFERENCES notification(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  address text NOT NULL CHECK (length(address) BETWEEN 3 AND 254),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- Pending: when the next attempt is due (also the lease of an attempt in progress, so a dead worker's claim expires).
  next_attempt_at timestamptz NOT NULL,
  last_error text CHECK (length(last_error) <= 1000),
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  UNIQUE (notification_id, channel),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX notification_delivery_due_idx ON notification_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_delivery_dead_idx ON notification_delivery (created_at DESC) WHERE status = 'dead';
