-- Instruments an agency imports (issue 12 §1), beside the ones shipped in the repository's instruments/ folder. Every
-- instance reads them from here, so an import is seen by all at once. A version is never overwritten: a changed
-- definition takes a new version number. The id is unique across agencies (assessments name instrument versions by
-- id and version in instrument_version), so an agency cannot version another's instrument.
CREATE TABLE imported_instrument (
  instrument_id text NOT NULL CHECK (instrument_id ~ '^[a-z][a-z0-9_]*$'),
  version integer NOT NULL CHECK (version > 0),
  agency_id uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  -- The checked definition (defaults filled in), and for a risk and needs instrument the category → risk level and
  -- category → supervision level tables that the shipped instruments keep in their own files.
  definition jsonb NOT NULL,
  risk_levels jsonb,
  supervision_levels jsonb,
  imported_by uuid NOT NULL REFERENCES app_user(id),
  imported_at timestamptz NOT NULL,
  PRIMARY KEY (instrument_id, version)
);
CREATE INDEX imported_instrument_agency_idx ON imported_instrument (agency_id, instrument_id, version);

-- Whether an agency's officers may start assessments on an instrument version. Without a row a shipped version is
-- active and an imported one is a draft awaiting publication. Assessments already started or completed on a retired
-- version keep it.
CREATE TABLE instrument_publication (
  agency_id uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
  instrument_id text NOT NULL CHECK (instrument_id ~ '^[a-z][a-z0-9_]*$'),
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('active', 'retired')),
  changed_by uuid NOT NULL REFERENCES app_user(id),
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (agency_id, instrument_id, version)
);
