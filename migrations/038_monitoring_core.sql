-- Electronic monitoring (issue 14), the core every part of it shares: the device inventory, activations (a device
-- on a case: compliance and alerts are keyed to the activation, never the device), zones, the rule state each
-- activation carries between readings, vendor gateways, and alerts. Readings have their own time-partitioned
-- tables (migration 039).

-- An activation's time range must not overlap another of the same device (an exclusion constraint on uuid + range).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE monitoring_device (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  -- The vendor's identifier, as the device reports it in every reading.
  serial text NOT NULL CHECK (length(serial) BETWEEN 1 AND 64),
  device_type text NOT NULL CHECK (device_type IN ('gps', 'rf_home_unit', 'transdermal_alcohol', 'breath_alcohol')),
  vendor text NOT NULL CHECK (length(vendor) BETWEEN 1 AND 120),
  firmware text CHECK (length(firmware) BETWEEN 1 AND 60),
  status text NOT NULL DEFAULT 'in_stock' CHECK (status IN ('in_stock', 'assigned', 'lost', 'repair', 'retired')),
  notes text CHECK (length(notes) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, serial)
);
-- Readings name the device by serial alone: one serial is one device across the installation.
CREATE UNIQUE INDEX monitoring_device_serial_idx ON monitoring_device (serial);

CREATE TABLE monitoring_activation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL REFERENCES monitoring_device(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  installed_at timestamptz NOT NULL,
  installed_by uuid NOT NULL REFERENCES app_user(id),
  removed_at timestamptz,
  removed_by uuid REFERENCES app_user(id),
  removal_reason text CHECK (length(removal_reason) BETWEEN 1 AND 500),
  -- Seconds between fixes the device is set to; a pursuit raises it for a while (device commands).
  reporting_interval_seconds integer NOT NULL DEFAULT 60 CHECK (reporting_interval_seconds BETWEEN 1 AND 86400),
  -- Overrides of the agency's rule settings for this activation (thresholds, no-signal minutes); null: defaults.
  rule_settings jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (removed_at IS NULL OR removed_at > installed_at),
  CHECK ((removed_at IS NULL) = (removed_by IS NULL)),
  -- A device is on one person at a time.
  EXCLUDE USING gist (device_id WITH =, tstzrange(installed_at, removed_at) WITH &&)
);
CREATE INDEX monitoring_activation_case_idx ON monitoring_activation (case_id, installed_at DESC);
CREATE INDEX monitoring_activation_open_idx ON monitoring_activation (device_id) WHERE removed_at IS NULL;

-- A zone: personal (case_id set; usually derived from a curfew, geographic-restriction or monitoring condition
-- version, condition_id) or shared by the agency (case_id null; applies to cases with applies_to_tag).
-- geometry: GeoJSON Polygon, or {"type":"Circle","center":[lon,lat],"radiusMeters":n}; schedule: the engine's
-- Schedule JSON (time zone, weekly windows, approved one-off exceptions); null means always.
CREATE TABLE monitoring_zone (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  case_id uuid REFERENCES supervision_case(id),
  condition_id uuid REFERENCES case_condition(id),
  applies_to_tag text CHECK (length(applies_to_tag) BETWEEN 1 AND 60),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 160),
  zone_kind text NOT NULL CHECK (zone_kind IN ('inclusion', 'exclusion')),
  purpose text NOT NULL CHECK (purpose IN ('home', 'work', 'treatment', 'victim', 'school', 'restricted_area', 'other')),
  geometry jsonb NOT NULL,
  -- bounding box (with the buffer) kept beside the geometry so readers can filter before parsing it
  min_lat double precision NOT NULL,
  min_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  buffer_meters integer NOT NULL DEFAULT 0 CHECK (buffer_meters BETWEEN 0 AND 10000),
  schedule jsonb,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  CHECK (min_lat <= max_lat AND min_lon <= max_lon),
  CHECK (case_id IS NOT NULL OR condition_id IS NULL)
);
CREATE INDEX monitoring_zone_case_idx ON monitoring_zone (case_id, valid_from) WHERE case_id IS NOT NULL;
CREATE INDEX monitoring_zone_shared_idx ON monitoring_zone (agency_id, applies_to_tag) WHERE case_id IS NULL;

-- The engine's per-activation state (containment state machines, timers' last reading, open conditions), written
-- in the same transaction as the readings it has seen so a restart resumes exactly where it stopped.
CREATE TABLE monitoring_rule_state (
  activation_id uuid PRIMARY KEY REFERENCES monitoring_activation(id),
  state jsonb NOT NULL,
  -- Event time of the newest reading seen, and when a time-driven rule (no signal) must next be checked.
  last_event_at timestamptz,
  next_check_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX monitoring_rule_state_check_idx ON monitoring_rule_state (next_check_at);

-- A vendor gateway posting batches: API key (stored as a hash) plus an HMAC secret (sealed with the server key).
CREATE TABLE monitoring_gateway (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  api_key_hash text NOT NULL UNIQUE,
  hmac_secret_sealed text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  UNIQUE (agency_id, name)
);

CREATE TABLE monitoring_alert (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  activation_id uuid NOT NULL REFERENCES monitoring_activation(id),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  alert_kind text NOT NULL CHECK (alert_kind IN ('exclusion_zone_entry', 'exclusion_zone_approach', 'inclusion_zone_absence',
    'strap_tamper', 'low_battery', 'not_charging', 'no_signal', 'alcohol_detected', 'victim_proximity', 'battery_failure_forecast')),
  severity text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'resolved')),
  disposition text CHECK (disposition IN ('confirmed_violation', 'gps_drift', 'authorised_schedule_change', 'device_fault',
    'auto_cleared')),
  zone_id uuid REFERENCES monitoring_zone(id),
  -- When the condition began (event time of the reading, or the timer's due time) and when Waypoint raised it.
  event_at timestamptz NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  -- Repeats of one kind for one activation within the agency's window fold into one alert.
  last_event_at timestamptz NOT NULL,
  occurrences integer NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
  -- The reading it rests on (device sequence and position), and the condition in plain words.
  reading_sequence bigint,
  latitude double precision,
  longitude double precision,
  detail text NOT NULL CHECK (length(detail) BETWEEN 1 AND 1000),
  -- The condition cleared by itself (signal came back, left the zone) before anyone acted.
  cleared_at timestamptz,
  acknowledged_by uuid REFERENCES app_user(id),
  acknowledged_at timestamptz,
  resolved_by uuid REFERENCES app_user(id),
  resolved_at timestamptz,
  resolution_note text CHECK (length(resolution_note) BETWEEN 1 AND 4000),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND disposition IS NOT NULL)),
  CHECK (status = 'new' OR acknowledged_at IS NOT NULL)
);
CREATE INDEX monitoring_alert_case_idx ON monitoring_alert (case_id, status, event_at DESC);
CREATE INDEX monitoring_alert_open_idx ON monitoring_alert (agency_id, severity, raised_at) WHERE status <> 'resolved';
CREATE INDEX monitoring_alert_group_idx ON monitoring_alert (activation_id, alert_kind, last_event_at DESC) WHERE status <> 'resolved';
