-- The whole record editable from the officer's app (docs/ARCHITECTURE.md, "Editing the record").

-- No fixed address: a shelter stay (the shelter's name and street address) or transient (a last known
-- location in words, with an optional map point and the city when known). A residence is as before.
ALTER TABLE person_address
  ADD COLUMN kind text NOT NULL DEFAULT 'residence' CHECK (kind IN ('residence', 'shelter', 'transient')),
  ADD COLUMN shelter_name text CHECK (length(shelter_name) BETWEEN 1 AND 200),
  ADD COLUMN location_note text CHECK (length(location_note) BETWEEN 1 AND 500),
  ALTER COLUMN line1 DROP NOT NULL,
  ALTER COLUMN city DROP NOT NULL,
  ALTER COLUMN state DROP NOT NULL,
  ALTER COLUMN postal_code DROP NOT NULL;
ALTER TABLE person_address ADD CONSTRAINT person_address_kind_fields CHECK (
  CASE kind
    WHEN 'transient' THEN location_note IS NOT NULL AND line1 IS NULL AND postal_code IS NULL AND shelter_name IS NULL
    WHEN 'shelter' THEN shelter_name IS NOT NULL AND line1 IS NOT NULL AND city IS NOT NULL AND state IS NOT NULL AND postal_code IS NOT NULL
    ELSE shelter_name IS NULL AND line1 IS NOT NULL AND city IS NOT NULL AND state IS NOT NULL AND postal_code IS NOT NULL
  END
);

-- Optimistic concurrency: a change names the version it was made on; a stale one is refused with 409.
-- IF NOT EXISTS: another migration may give the same table its version column first.
ALTER TABLE person_address ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 1;
ALTER TABLE person_employment ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 1;
ALTER TABLE person_contact ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 1;
ALTER TABLE safety_caution ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 1;
ALTER TABLE supervision_case ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 1;

-- Employment verified by whom and when (a check box alone says nothing about either).
ALTER TABLE person_employment
  ADD COLUMN verified_on date,
  ADD COLUMN verified_by uuid REFERENCES app_user(id);

-- A caution is retired, never deleted: who, when and why stay on the record.
ALTER TABLE safety_caution
  ADD COLUMN retired_at timestamptz,
  ADD COLUMN retired_by uuid REFERENCES app_user(id),
  ADD COLUMN retired_reason text CHECK (length(retired_reason) BETWEEN 1 AND 500),
  ADD CONSTRAINT safety_caution_retired_reason CHECK (active OR retired_reason IS NOT NULL OR retired_at IS NULL);

-- A contact or alias that no longer applies is removed from the page but kept (who and when) for the history.
ALTER TABLE person_contact ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by uuid REFERENCES app_user(id);
ALTER TABLE person_alias ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by uuid REFERENCES app_user(id);

-- The photo's type, read from its first bytes when it was uploaded (JPEG, PNG or WebP).
ALTER TABLE person ADD COLUMN photo_type text CHECK (photo_type IN ('image/jpeg', 'image/png', 'image/webp'));
UPDATE person SET photo_type = 'image/jpeg' WHERE photo_jpeg IS NOT NULL;

-- Level, risk, status and tag changes with the officer's reason: the case's history shown on the person page.
CREATE TABLE case_change (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id) ON DELETE CASCADE,
  field text NOT NULL CHECK (field IN ('supervision_level', 'risk_level', 'status', 'tags')),
  old_value text,
  new_value text,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  changed_by uuid REFERENCES app_user(id),
  changed_at timestamptz NOT NULL
);
CREATE INDEX case_change_case_idx ON case_change (case_id, changed_at DESC);
