-- Platform: organisation, identity, sessions, audit log.
-- Valid on PostgreSQL 15 (server) and 18 (PGlite); forward-only, never edited after landing.

CREATE TABLE agency (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  -- NULL: a locked account stays locked until an administrator releases it (CJIS AC-7).
  lockout_release_minutes integer CHECK (lockout_release_minutes IS NULL OR lockout_release_minutes > 0),
  -- NULL: no periodic password change (ASVS 6.2.10); 365 in the CJIS profile (IA-5 f).
  password_max_age_days integer CHECK (password_max_age_days IS NULL OR password_max_age_days > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE unit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, name),
  UNIQUE (agency_id, id)
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  unit_id uuid,
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  roles text[] NOT NULL CHECK (
    cardinality(roles) > 0 AND roles <@ ARRAY['officer', 'supervisor', 'admin', 'auditor']::text[]
  ),
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  -- TOTP seeds are verifier secrets: stored encrypted (AES-256-GCM) with the server key.
  totp_secret_encrypted text,
  totp_pending_secret_encrypted text,
  totp_enrolled_at timestamptz,
  -- Highest 30-second step accepted so far: a code is accepted only once (IA-5(1)(d)(6)).
  totp_last_step bigint,
  locked_at timestamptz,
  disabled_at timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, unit_id) REFERENCES unit(agency_id, id),
  -- Officers and supervisors belong to a unit; their access follows it.
  CHECK (unit_id IS NOT NULL OR NOT (roles && ARRAY['officer', 'supervisor']::text[]))
);
CREATE UNIQUE INDEX app_user_username_key ON app_user (username);
CREATE INDEX app_user_unit_idx ON app_user (unit_id);

CREATE TABLE sign_in_failure (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX sign_in_failure_user_time_idx ON sign_in_failure (user_id, occurred_at);

-- Server-side sessions keep the app stateless: any instance can serve any request.
CREATE TABLE user_session (
  -- SHA-256 of the cookie value: a copy of this table does not hand out working sessions.
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  -- 'password': first factor only, may do nothing but finish sign-in; 'active': fully signed in.
  stage text NOT NULL CHECK (stage IN ('password', 'active')),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Append-only, hash-chained audit log (CJIS AU-2, AU-3, AU-9; ASVS V16).
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  agency_id uuid,
  actor_user_id uuid,
  actor_username text,
  -- First 16 hex characters of the session token hash: ties rows of one session together (AU-3(1)).
  session_ref text,
  ip text,
  user_agent text,
  action text NOT NULL,
  record_type text,
  record_id text,
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
  justification text,
  details jsonb,
  previous_hash text NOT NULL,
  row_hash text NOT NULL
);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at);
CREATE INDEX audit_log_record_idx ON audit_log (record_type, record_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
