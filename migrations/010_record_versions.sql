-- Optimistic concurrency for records edited in forms: each has a version that every change increments, and the
-- change names the version the editor started from (`expectedVersion`); a change from an older version is
-- refused with 409 instead of overwriting the other change (platform/db/versioned.ts). `updated_by` and
-- `updated_at` say who made the last change and when, for that message.
ALTER TABLE person
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL;
ALTER TABLE supervision_case
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL;
ALTER TABLE app_user
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL;
ALTER TABLE unit
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE agency
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE case_note
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL;
ALTER TABLE appointment
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL;
