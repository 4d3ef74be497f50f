import type { Queryable } from "../../../platform/db/database";

export type LivePositionRow = {
  activation_id: string;
  case_id: string;
  person_id: string;
  first_name: string;
  last_name: string;
  serial: string;
  device_type: string;
  event_time: Date | null;
  latitude: number | null;
  longitude: number | null;
  accuracy_meters: number | null;
  speed_kph: number | null;
  battery_percent: number | null;
};

/**
 * The last fix of each activation on now of the cases the filter lets the actor see. One probe per activation: the
 * readings' primary key (device, event time, sequence) read backwards from now, stopping at the first positioned
 * reading of that activation, so the cost is per device on the map, not per reading stored; the lookback bounds the
 * partitions scanned for a device that has gone silent.
 */
export async function livePositions(
  db: Queryable,
  input: { filter: { sql: string; params: unknown[] }; since: Date; now: Date },
): Promise<LivePositionRow[]> {
  const base = input.filter.params.length;
  return db.query<LivePositionRow>(
    `SELECT a.id AS activation_id, c.id AS case_id, p.id AS person_id, p.first_name, p.last_name, d.serial, d.device_type,
            r.event_time, r.latitude, r.longitude, r.accuracy_meters, r.speed_kph, r.battery_percent
       FROM monitoring_activation a
       JOIN supervision_case c ON c.id = a.case_id
       JOIN person p ON p.id = c.person_id
       JOIN monitoring_device d ON d.id = a.device_id
       LEFT JOIN LATERAL (
         SELECT r.event_time, r.latitude, r.longitude, r.accuracy_meters, r.speed_kph, r.battery_percent
           FROM monitoring_reading r
          WHERE r.device_id = a.device_id AND r.activation_id = a.id
            AND r.event_time >= GREATEST(a.installed_at, $${base + 1}::timestamptz) AND r.event_time <= $${base + 2}::timestamptz
            AND r.latitude IS NOT NULL AND r.longitude IS NOT NULL
          ORDER BY r.event_time DESC
          LIMIT 1
       ) r ON true
      WHERE a.removed_at IS NULL AND c.status <> 'closed' AND ${input.filter.sql}
      ORDER BY p.last_name, p.first_name, a.id`,
    [...input.filter.params, input.since, input.now],
  );
}

export type ActivationRow = { id: string; device_id: string; installed_at: Date; removed_at: Date | null };

/** The case's activations whose time on the person overlaps the window. */
export async function activationsOverlapping(db: Queryable, caseId: string, from: Date, to: Date): Promise<ActivationRow[]> {
  return db.query<ActivationRow>(
    `SELECT id, device_id, installed_at, removed_at FROM monitoring_activation
      WHERE case_id = $1 AND installed_at <= $3 AND (removed_at IS NULL OR removed_at >= $2)
      ORDER BY installed_at`,
    [caseId, from, to],
  );
}

export type TrackRow = {
  event_time: Date;
  latitude: number;
  longitude: number;
  accuracy_meters: number | null;
  speed_kph: number | null;
  battery_percent: number | null;
};

/** One activation's positioned readings in the window, in time order (the primary key's device + event time range). */
export async function trackReadings(
  db: Queryable,
  input: { activationId: string; deviceId: string; from: Date; to: Date },
): Promise<TrackRow[]> {
  return db.query<TrackRow>(
    `SELECT event_time, latitude, longitude, accuracy_meters, speed_kph, battery_percent
       FROM monitoring_reading
      WHERE device_id = $1 AND activation_id = $2 AND event_time >= $3 AND event_time <= $4
        AND latitude IS NOT NULL AND longitude IS NOT NULL
      ORDER BY event_time, sequence`,
    [input.deviceId, input.activationId, input.from, input.to],
  );
}

export async function caseTags(db: Queryable, caseId: string): Promise<{ tags: string[]; personName: string } | null> {
  const [row] = await db.query<{ tags: string[]; first_name: string; last_name: string }>(
    `SELECT c.tags, p.first_name, p.last_name FROM supervision_case c JOIN person p ON p.id = c.person_id WHERE c.id = $1`,
    [caseId],
  );
  return row ? { tags: row.tags, personName: `${row.first_name} ${row.last_name}` } : null;
}

export type BoxReadingRow = {
  activation_id: string;
  event_time: Date;
  latitude: number;
  longitude: number;
  accuracy_meters: number | null;
  speed_kph: number | null;
};

/**
 * Every reading in the time window inside the bounding box. The event-time range is what the BRIN index on event time
 * (and partition pruning) narrows to a window's pages; the box is filtered on those pages; the exact circle is the
 * caller's, in process. No join here: the few activations hit are resolved afterwards.
 */
export async function readingsInBox(
  db: Queryable,
  box: { from: Date; to: Date; minLat: number; maxLat: number; minLon: number; maxLon: number },
): Promise<BoxReadingRow[]> {
  return db.query<BoxReadingRow>(
    `SELECT activation_id, event_time, latitude, longitude, accuracy_meters, speed_kph
       FROM monitoring_reading
      WHERE event_time >= $1 AND event_time <= $2
        AND latitude BETWEEN $3 AND $4 AND longitude BETWEEN $5 AND $6`,
    [box.from, box.to, box.minLat, box.maxLat, box.minLon, box.maxLon],
  );
}

export type ActivationCaseRow = {
  activation_id: string;
  case_id: string;
  person_id: string;
  first_name: string;
  last_name: string;
  serial: string;
};

/** The activations named, limited to the agency's cases (a reading of another agency's device is never shown). */
export async function activationCases(db: Queryable, agencyId: string, activationIds: string[]): Promise<ActivationCaseRow[]> {
  if (activationIds.length === 0) return [];
  return db.query<ActivationCaseRow>(
    `SELECT a.id AS activation_id, c.id AS case_id, p.id AS person_id, p.first_name, p.last_name, d.serial
       FROM monitoring_activation a
       JOIN supervision_case c ON c.id = a.case_id
       JOIN person p ON p.id = c.person_id
       JOIN monitoring_device d ON d.id = a.device_id
      WHERE a.id = ANY($1::uuid[]) AND c.agency_id = $2`,
    [activationIds, agencyId],
  );
}
