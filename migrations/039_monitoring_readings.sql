-- Electronic monitoring (issue 14 §3): telemetry readings, time-partitioned by event time, and what ingest needs
-- around them: the agency's ingest settings (retention), a change log that keeps every instance's caches of
-- devices, activations and zones current, and a revision on the rule state so a cached state is known stale.

-- One row per reading a device sent. Partitioned by UTC day of event time (the partition job creates days ahead and
-- drops days past retention); the default partition takes any reading whose day has no partition yet, so a reading
-- is never refused for its time. No foreign keys: ingest resolves the device and activation from its caches and a
-- per-row key check would cost more than the insert.
CREATE TABLE monitoring_reading (
  device_id uuid NOT NULL,
  activation_id uuid NOT NULL,
  sequence bigint NOT NULL CHECK (sequence >= 0),
  event_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  accuracy_meters real,
  speed_kph real,
  battery_percent real,
  strap_tamper boolean NOT NULL DEFAULT false,
  charging boolean,
  signal_strength real,
  alcohol_mg_per_l real,
  -- Idempotency (a partitioned table's unique key must hold the partition key): a device's sequence fixes its event
  -- time (a retransmission repeats the same measurement), so (device, sequence) is unique through this key. The same
  -- index serves track playback: one device (an activation is its device over a time range) by event time.
  PRIMARY KEY (device_id, event_time, sequence)
) PARTITION BY RANGE (event_time);

CREATE TABLE monitoring_reading_default PARTITION OF monitoring_reading DEFAULT;

-- Crime-scene queries (every reading in a time window inside a bounding box): readings arrive close to event-time
-- order, so a block range index on event time finds a window's pages at a tiny fraction of a btree's size and write
-- cost; latitude and longitude are filtered on those pages, the exact distance in process.
CREATE INDEX monitoring_reading_time_brin ON monitoring_reading USING brin (event_time) WITH (pages_per_range = 32);

-- The agency's ingest settings. Retention is whole UTC days of readings kept (partitions are shared by agencies, so
-- the partition job keeps the longest retention any agency asks for).
CREATE TABLE monitoring_ingest_setting (
  agency_id uuid PRIMARY KEY REFERENCES agency(id),
  retention_days integer NOT NULL DEFAULT 400 CHECK (retention_days BETWEEN 1 AND 3650),
  -- A reading whose event time is further ahead of the server clock than this is refused (a device clock gone wrong).
  future_tolerance_minutes integer NOT NULL DEFAULT 5 CHECK (future_tolerance_minutes BETWEEN 0 AND 1440),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What ingest caches per instance changes here: each change of a device, activation or zone (and the cases' tags that
-- shared zones follow) adds a row naming what changed, numbered by a counter whose row lock is held to commit, so
-- numbers commit in order and an instance that has read up to N has seen every change up to N.
CREATE TABLE monitoring_ingest_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO monitoring_ingest_version (id, version) VALUES (1, 0);

CREATE TABLE monitoring_ingest_change (
  version bigint PRIMARY KEY,
  -- device: key = device id; case: key = case id (its zones, tags or activations); agency: key = agency id (shared zones)
  kind text NOT NULL CHECK (kind IN ('device', 'case', 'agency')),
  key uuid NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION monitoring_ingest_changed(change_kind text, change_key uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE next_version bigint;
BEGIN
  UPDATE monitoring_ingest_version SET version = version + 1 WHERE id = 1 RETURNING version INTO next_version;
  INSERT INTO monitoring_ingest_change (version, kind, key) VALUES (next_version, change_kind, change_key);
END $$;

CREATE FUNCTION monitoring_device_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM monitoring_ingest_changed('device', COALESCE(NEW.id, OLD.id));
  RETURN NULL;
END $$;
CREATE TRIGGER monitoring_device_ingest_change AFTER INSERT OR UPDATE OR DELETE ON monitoring_device
  FOR EACH ROW EXECUTE FUNCTION monitoring_device_changed();

CREATE FUNCTION monitoring_activation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM monitoring_ingest_changed('device', COALESCE(NEW.device_id, OLD.device_id));
  IF TG_OP = 'UPDATE' AND NEW.device_id <> OLD.device_id THEN
    PERFORM monitoring_ingest_changed('device', OLD.device_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER monitoring_activation_ingest_change AFTER INSERT OR UPDATE OR DELETE ON monitoring_activation
  FOR EACH ROW EXECUTE FUNCTION monitoring_activation_changed();

CREATE FUNCTION monitoring_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE changed monitoring_zone;
BEGIN
  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
  IF changed.case_id IS NULL THEN
    PERFORM monitoring_ingest_changed('agency', changed.agency_id);
  ELSE
    PERFORM monitoring_ingest_changed('case', changed.case_id);
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.case_id IS DISTINCT FROM NEW.case_id THEN
    IF OLD.case_id IS NULL THEN
      PERFORM monitoring_ingest_changed('agency', OLD.agency_id);
    ELSE
      PERFORM monitoring_ingest_changed('case', OLD.case_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER monitoring_zone_ingest_change AFTER INSERT OR UPDATE OR DELETE ON monitoring_zone
  FOR EACH ROW EXECUTE FUNCTION monitoring_zone_changed();

-- Shared zones apply by case tag: a case whose tags change sees other shared zones.
CREATE FUNCTION monitoring_case_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM monitoring_ingest_changed('case', NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER monitoring_case_tags_ingest_change AFTER UPDATE OF tags ON supervision_case
  FOR EACH ROW WHEN (OLD.tags IS DISTINCT FROM NEW.tags) EXECUTE FUNCTION monitoring_case_tags_changed();

-- Each write of a rule state counts up, so an instance holding a cached state knows whether another wrote since.
ALTER TABLE monitoring_rule_state ADD COLUMN revision bigint NOT NULL DEFAULT 0;
