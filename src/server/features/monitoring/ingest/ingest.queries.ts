import type { Queryable } from "../../../platform/db/database";

// Every statement of telemetry ingest: readings (multi-row inserts from arrays), rule state, gateways, the change log
// that keeps the caches current, and the partitions of monitoring_reading.

export type ChangeRow = { version: number; kind: "device" | "case" | "agency"; key: string };

/** The change counter now, and the changes after `since` (the caches drop what they name). */
export async function changesSince(db: Queryable, since: number): Promise<{ version: number; changes: ChangeRow[] }> {
  const rows = await db.query<{ version: number; kind: ChangeRow["kind"] | null; key: string | null; current: number }>(
    `SELECT c.version, c.kind, c.key, v.version AS current
       FROM monitoring_ingest_version v LEFT JOIN monitoring_ingest_change c ON c.version > $1 AND c.version <= v.version
      WHERE v.id = 1 ORDER BY c.version`,
    [since],
  );
  const current = rows[0]?.current ?? 0;
  return {
    version: current,
    changes: rows.filter((row) => row.kind !== null).map((row) => ({ version: row.version, kind: row.kind!, key: row.key! })),
  };
}

/** The oldest change still in the log (older ones are purged): an instance behind it reloads everything. */
export async function oldestChange(db: Queryable): Promise<number | null> {
  const [row] = await db.query<{ version: number | null }>("SELECT min(version) AS version FROM monitoring_ingest_change");
  return row?.version ?? null;
}

export async function purgeChangesBefore(db: Queryable, before: Date): Promise<number> {
  // Keep the newest row, so the log never looks empty to an instance that is behind.
  const rows = await db.query<{ version: number }>(
    `DELETE FROM monitoring_ingest_change WHERE changed_at < $1
        AND version < (SELECT max(version) FROM monitoring_ingest_change) RETURNING version`,
    [before],
  );
  return rows.length;
}

export type DeviceActivationRow = {
  device_id: string;
  serial: string;
  agency_id: string;
  activation_id: string | null;
  case_id: string | null;
  installed_at: Date | null;
  removed_at: Date | null;
  rule_settings: unknown;
  case_tags: string[] | null;
};

/** Devices by serial with every activation they have had (a late reading may belong to an earlier one). */
export async function devicesBySerial(db: Queryable, serials: readonly string[]): Promise<DeviceActivationRow[]> {
  return db.query<DeviceActivationRow>(
    `SELECT d.id AS device_id, d.serial, d.agency_id, a.id AS activation_id, a.case_id, a.installed_at, a.removed_at,
            a.rule_settings, c.tags AS case_tags
       FROM monitoring_device d
       LEFT JOIN monitoring_activation a ON a.device_id = d.id
       LEFT JOIN supervision_case c ON c.id = a.case_id
      WHERE d.serial = ANY($1::text[])
      ORDER BY d.id, a.installed_at`,
    [serials],
  );
}

export async function devicesById(db: Queryable, ids: readonly string[]): Promise<DeviceActivationRow[]> {
  return db.query<DeviceActivationRow>(
    `SELECT d.id AS device_id, d.serial, d.agency_id, a.id AS activation_id, a.case_id, a.installed_at, a.removed_at,
            a.rule_settings, c.tags AS case_tags
       FROM monitoring_device d
       LEFT JOIN monitoring_activation a ON a.device_id = d.id
       LEFT JOIN supervision_case c ON c.id = a.case_id
      WHERE d.id = ANY($1::uuid[])
      ORDER BY d.id, a.installed_at`,
    [ids],
  );
}

export type IngestSettingRow = { agency_id: string; retention_days: number; future_tolerance_minutes: number };

export async function ingestSettings(db: Queryable, agencyIds: readonly string[]): Promise<IngestSettingRow[]> {
  return db.query<IngestSettingRow>(
    "SELECT agency_id, retention_days, future_tolerance_minutes FROM monitoring_ingest_setting WHERE agency_id = ANY($1::uuid[])",
    [agencyIds],
  );
}

export async function upsertIngestSetting(
  db: Queryable,
  agencyId: string,
  setting: { retentionDays: number; futureToleranceMinutes: number },
) {
  await db.query(
    `INSERT INTO monitoring_ingest_setting (agency_id, retention_days, future_tolerance_minutes) VALUES ($1, $2, $3)
     ON CONFLICT (agency_id) DO UPDATE SET retention_days = $2, future_tolerance_minutes = $3, updated_at = now()`,
    [agencyId, setting.retentionDays, setting.futureToleranceMinutes],
  );
}

/** Columns of monitoring_reading as parallel arrays (one element per reading). */
export type ReadingColumns = {
  deviceIds: string[];
  activationIds: string[];
  sequences: number[];
  eventTimes: string[];
  latitudes: (number | null)[];
  longitudes: (number | null)[];
  accuracies: (number | null)[];
  speeds: (number | null)[];
  batteries: (number | null)[];
  tampers: boolean[];
  charging: (boolean | null)[];
  signals: (number | null)[];
  alcohol: (number | null)[];
};

export const readingColumnNames = [
  "device_id",
  "activation_id",
  "sequence",
  "event_time",
  "received_at",
  "latitude",
  "longitude",
  "accuracy_meters",
  "speed_kph",
  "battery_percent",
  "strap_tamper",
  "charging",
  "signal_strength",
  "alcohol_mg_per_l",
] as const;

/**
 * One multi-row insert from arrays (one round trip, one plan, whatever the batch size). A reading already stored
 * (same device, sequence and event time) is skipped; the answer names the readings this statement stored.
 */
export async function insertReadings(
  tx: Queryable,
  columns: ReadingColumns,
  receivedAt: Date,
): Promise<{ device_id: string; sequence: number; event_time: Date }[]> {
  return tx.query(
    `INSERT INTO monitoring_reading (device_id, activation_id, sequence, event_time, received_at, latitude, longitude,
        accuracy_meters, speed_kph, battery_percent, strap_tamper, charging, signal_strength, alcohol_mg_per_l)
     SELECT r.device_id, r.activation_id, r.sequence, r.event_time, $5, r.latitude, r.longitude, r.accuracy, r.speed,
            r.battery, r.tamper, r.charging, r.signal, r.alcohol
       FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::timestamptz[], $6::float8[], $7::float8[], $8::real[], $9::real[],
                   $10::real[], $11::boolean[], $12::boolean[], $13::real[], $14::real[])
         AS r(device_id, activation_id, sequence, event_time, latitude, longitude, accuracy, speed, battery, tamper, charging, signal, alcohol)
     ON CONFLICT DO NOTHING
     RETURNING device_id, sequence, event_time`,
    [
      columns.deviceIds,
      columns.activationIds,
      columns.sequences,
      columns.eventTimes,
      receivedAt,
      columns.latitudes,
      columns.longitudes,
      columns.accuracies,
      columns.speeds,
      columns.batteries,
      columns.tampers,
      columns.charging,
      columns.signals,
      columns.alcohol,
    ],
  );
}

/** Rule-state rows for activations that may have none yet (a fresh state each); existing rows are left alone. */
export async function createMissingRuleStates(
  tx: Queryable,
  rows: { activationIds: string[]; states: string[]; nextCheckAts: Date[] },
): Promise<void> {
  if (rows.activationIds.length === 0) return;
  await tx.query(
    `INSERT INTO monitoring_rule_state (activation_id, state, next_check_at, revision)
     SELECT id, state::jsonb, next_check_at, 0 FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS s(id, state, next_check_at)
     ON CONFLICT (activation_id) DO NOTHING`,
    [rows.activationIds, rows.states, rows.nextCheckAts],
  );
}

/**
 * Locks the rule states of a batch's activations (in id order, so two batches never wait on each other in a cycle)
 * and reads each state only where the caller's cached revision is not the stored one.
 */
export async function lockRuleStates(
  tx: Queryable,
  activationIds: readonly string[],
  knownRevisions: readonly number[],
): Promise<{ activation_id: string; revision: number; state: unknown }[]> {
  return tx.query(
    `SELECT s.activation_id, s.revision, CASE WHEN s.revision = k.revision THEN NULL ELSE s.state END AS state
       FROM monitoring_rule_state s JOIN unnest($1::uuid[], $2::bigint[]) AS k(id, revision) ON s.activation_id = k.id
      ORDER BY s.activation_id FOR UPDATE OF s`,
    [activationIds, knownRevisions],
  );
}

/** Writes the states back, one statement for the batch; each revision counts up by one. */
export async function updateRuleStates(
  tx: Queryable,
  rows: { activationIds: string[]; states: string[]; lastEventAts: (Date | null)[]; nextCheckAts: (Date | null)[] },
  now: Date,
): Promise<void> {
  if (rows.activationIds.length === 0) return;
  await tx.query(
    `UPDATE monitoring_rule_state s
        SET state = u.state::jsonb, last_event_at = u.last_event_at, next_check_at = u.next_check_at, revision = s.revision + 1,
            updated_at = $5
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS u(id, state, last_event_at, next_check_at)
      WHERE s.activation_id = u.id`,
    [rows.activationIds, rows.states, rows.lastEventAts, rows.nextCheckAts, now],
  );
}

export type DueStateRow = {
  activation_id: string;
  revision: number;
  state: unknown;
  device_id: string;
  case_id: string;
  agency_id: string;
  installed_at: Date;
  removed_at: Date | null;
  rule_settings: unknown;
  case_tags: string[];
};

/**
 * Rule states whose time-driven check is due, locked for this transaction; rows another instance is checking are
 * skipped (SKIP LOCKED), so several instances share the work and none checks a state twice.
 */
export async function claimDueRuleStates(tx: Queryable, now: Date, limit: number): Promise<DueStateRow[]> {
  return tx.query<DueStateRow>(
    `SELECT s.activation_id, s.revision, s.state, a.device_id, a.case_id, d.agency_id, a.installed_at, a.removed_at,
            a.rule_settings, c.tags AS case_tags
       FROM monitoring_rule_state s
       JOIN monitoring_activation a ON a.id = s.activation_id
       JOIN monitoring_device d ON d.id = a.device_id
       JOIN supervision_case c ON c.id = a.case_id
      WHERE s.next_check_at <= $1
      ORDER BY s.next_check_at
      LIMIT $2
      FOR UPDATE OF s SKIP LOCKED`,
    [now, limit],
  );
}

/** Activations on now that have no rule state yet (no reading since install): the timer job starts their clock. */
export async function activationsWithoutState(
  db: Queryable,
  limit: number,
): Promise<{ activation_id: string; installed_at: Date; rule_settings: unknown }[]> {
  return db.query(
    `SELECT a.id AS activation_id, a.installed_at, a.rule_settings
       FROM monitoring_activation a
      WHERE a.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM monitoring_rule_state s WHERE s.activation_id = a.id)
      LIMIT $1`,
    [limit],
  );
}

// ── gateways ──────────────────────────────────────────────────────────────────────────────────────────────────────

export type GatewayRow = { id: string; agency_id: string; name: string; hmac_secret_sealed: string; active: boolean };

export async function gatewayByKeyHash(db: Queryable, keyHash: string): Promise<GatewayRow | undefined> {
  const [row] = await db.query<GatewayRow>(
    "SELECT id, agency_id, name, hmac_secret_sealed, active FROM monitoring_gateway WHERE api_key_hash = $1",
    [keyHash],
  );
  return row;
}

export async function insertGateway(
  db: Queryable,
  gateway: { agencyId: string; name: string; apiKeyHash: string; hmacSecretSealed: string; createdBy: string | null },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO monitoring_gateway (agency_id, name, api_key_hash, hmac_secret_sealed, created_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING id`,
    [gateway.agencyId, gateway.name, gateway.apiKeyHash, gateway.hmacSecretSealed, gateway.createdBy],
  );
  return row!.id;
}

/** At most once a minute per gateway, so a busy gateway does not write its row on every batch. */
export async function touchGateway(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE monitoring_gateway SET last_seen_at = $2
      WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < $2::timestamptz - interval '1 minute')`,
    [id, now],
  );
}

// ── partitions ────────────────────────────────────────────────────────────────────────────────────────────────────

/** The day partitions of monitoring_reading (named monitoring_reading_pYYYYMMDD), oldest first. */
export async function readingPartitions(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'monitoring_reading'::regclass AND c.relname ~ '^monitoring_reading_p[0-9]{8}$'
      ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

/**
 * Adds the partition of one UTC day. Readings of that day already in the default partition move into it first (the
 * default partition may not keep rows of an attached range), all in the caller's transaction.
 */
export async function createDayPartition(tx: Queryable, name: string, from: Date, to: Date): Promise<void> {
  if (!/^monitoring_reading_p\d{8}$/.test(name)) throw new Error(`not a reading partition name: ${name}`);
  await tx.exec(`CREATE TABLE ${name} (LIKE monitoring_reading INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await tx.query(
    `WITH moved AS (DELETE FROM monitoring_reading_default WHERE event_time >= $1 AND event_time < $2 RETURNING *)
     INSERT INTO ${name} SELECT * FROM moved`,
    [from, to],
  );
  await tx.exec(
    `ALTER TABLE monitoring_reading ATTACH PARTITION ${name} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
  );
}

export async function dropPartition(tx: Queryable, name: string): Promise<void> {
  if (!/^monitoring_reading_p\d{8}$/.test(name)) throw new Error(`not a reading partition name: ${name}`);
  await tx.exec(`DROP TABLE ${name}`);
}

/** Readings past retention that landed in the default partition (a day that never had its own). */
export async function deleteDefaultBefore(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query<{ n: number }>(
    "WITH gone AS (DELETE FROM monitoring_reading_default WHERE event_time < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone",
    [before],
  );
  return rows[0]?.n ?? 0;
}

/** The longest retention any agency asks for (days); null when none has set one. */
export async function longestRetentionDays(db: Queryable): Promise<number | null> {
  const [row] = await db.query<{ days: number | null }>("SELECT max(retention_days) AS days FROM monitoring_ingest_setting");
  return row?.days ?? null;
}

// ── reads for track playback and crime-scene correlation ────────────────────────────────────────────────────────

export type StoredReadingRow = {
  device_id: string;
  activation_id: string;
  sequence: number;
  event_time: Date;
  latitude: number | null;
  longitude: number | null;
};

/** Readings in a time window inside a bounding box (the exact distance is the caller's, in process). */
export async function readingsInBox(
  db: Queryable,
  window: { from: Date; to: Date; minLat: number; maxLat: number; minLon: number; maxLon: number },
): Promise<StoredReadingRow[]> {
  return db.query<StoredReadingRow>(
    `SELECT device_id, activation_id, sequence, event_time, latitude, longitude FROM monitoring_reading
      WHERE event_time >= $1 AND event_time < $2 AND latitude BETWEEN $3 AND $4 AND longitude BETWEEN $5 AND $6`,
    [window.from, window.to, window.minLat, window.maxLat, window.minLon, window.maxLon],
  );
}

/** One device's readings in a window, in event-time order (an activation's track: its device over its time range). */
export async function deviceTrack(db: Queryable, deviceId: string, from: Date, to: Date): Promise<StoredReadingRow[]> {
  return db.query<StoredReadingRow>(
    `SELECT device_id, activation_id, sequence, event_time, latitude, longitude FROM monitoring_reading
      WHERE device_id = $1 AND event_time >= $2 AND event_time < $3 ORDER BY event_time, sequence`,
    [deviceId, from, to],
  );
}

export type BufferedReadingRow = {
  activation_id: string;
  sequence: number;
  event_time: Date;
  latitude: number | null;
  longitude: number | null;
  accuracy_meters: number | null;
  speed_kph: number | null;
  battery_percent: number | null;
  strap_tamper: boolean;
  charging: boolean | null;
  signal_strength: number | null;
  alcohol_mg_per_l: number | null;
};

/**
 * The readings of each activation from a point on (event time, then sequence), in that order: the engine's reorder
 * buffer, which the stored rule state leaves out because these rows already hold it.
 */
export async function readingsFrom(
  tx: Queryable,
  keys: { activationIds: string[]; deviceIds: string[]; fromTimes: Date[]; fromSequences: number[] },
): Promise<BufferedReadingRow[]> {
  if (keys.activationIds.length === 0) return [];
  return tx.query<BufferedReadingRow>(
    `SELECT k.activation_id, r.sequence, r.event_time, r.latitude, r.longitude, r.accuracy_meters, r.speed_kph, r.battery_percent,
            r.strap_tamper, r.charging, r.signal_strength, r.alcohol_mg_per_l
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::bigint[]) AS k(activation_id, device_id, from_time, from_sequence)
       JOIN LATERAL (
         SELECT * FROM monitoring_reading r
          WHERE r.device_id = k.device_id AND r.activation_id = k.activation_id AND r.event_time >= k.from_time
            AND (r.event_time > k.from_time OR r.sequence >= k.from_sequence)
       ) r ON true
      ORDER BY k.activation_id, r.event_time, r.sequence`,
    [keys.activationIds, keys.deviceIds, keys.fromTimes, keys.fromSequences],
  );
}
