import type { Zone, ZoneGeometry } from "../../../../shared/contract/monitoring-zones";
import type { Queryable } from "../../../platform/db/database";
import { instantText } from "../../../platform/db/sql";
import type { BoundingBox } from "./zone-geometry";

const zoneSelect = `SELECT json_build_object('id', z.id, 'name', z.name, 'kind', z.zone_kind, 'purpose', z.purpose, 'geometry', z.geometry,
    'bufferMeters', z.buffer_meters, 'schedule', z.schedule, 'validFrom', ${instantText("z.valid_from")},
    'validTo', ${instantText("z.valid_to")}, 'endReason', z.end_reason, 'appliesToTag', z.applies_to_tag, 'replaces', z.replaces,
    'version', z.version,
    'conditionTitle', (SELECT ct.title FROM case_condition cc JOIN condition_type ct ON ct.id = cc.condition_type_id WHERE cc.id = z.condition_id)
  ) AS zone
  FROM monitoring_zone z`;

/** The case's zones: those in force or still to come first (by start), then the ended ones, newest first. */
export async function listZonesOfCase(db: Queryable, caseId: string, now: Date): Promise<Zone[]> {
  const rows = await db.query<{ zone: Zone }>(
    `${zoneSelect} WHERE z.case_id = $1
      ORDER BY (z.valid_to IS NULL OR z.valid_to > $2) DESC, CASE WHEN z.valid_to IS NULL OR z.valid_to > $2 THEN z.valid_from END,
               z.valid_to DESC, z.id LIMIT 500`,
    [caseId, now],
  );
  return rows.map((row) => row.zone);
}

export async function listSharedZones(db: Queryable, agencyId: string, now: Date): Promise<{ zones: Zone[]; total: number }> {
  const rows = await db.query<{ zone: Zone }>(
    `${zoneSelect} WHERE z.agency_id = $1 AND z.case_id IS NULL AND (z.valid_to IS NULL OR z.valid_to > $2)
      ORDER BY z.applies_to_tag, z.name, z.id LIMIT 500`,
    [agencyId, now],
  );
  const [count] = await db.query<{ total: number }>(
    "SELECT count(*)::int AS total FROM monitoring_zone WHERE agency_id = $1 AND case_id IS NULL AND (valid_to IS NULL OR valid_to > $2)",
    [agencyId, now],
  );
  return { zones: rows.map((row) => row.zone), total: count!.total };
}

export async function readZone(db: Queryable, id: string): Promise<Zone> {
  const [row] = await db.query<{ zone: Zone }>(`${zoneSelect} WHERE z.id = $1`, [id]);
  return row!.zone;
}

export async function readZones(db: Queryable, ids: readonly string[]): Promise<Zone[]> {
  const rows = await db.query<{ zone: Zone }>(`${zoneSelect} WHERE z.id = ANY($1::uuid[]) ORDER BY z.name, z.id`, [ids]);
  return rows.map((row) => row.zone);
}

export type ZoneRecord = {
  id: string;
  agency_id: string;
  case_id: string | null;
  condition_id: string | null;
  valid_from: Date;
  valid_to: Date | null;
  schedule: { timeZone: string; windows: unknown[]; exceptions: unknown[] } | null;
};

export async function lockZone(db: Queryable, id: string): Promise<ZoneRecord | undefined> {
  const [row] = await db.query<ZoneRecord>(
    "SELECT id, agency_id, case_id, condition_id, valid_from, valid_to, schedule FROM monitoring_zone WHERE id = $1 FOR UPDATE",
    [id],
  );
  return row;
}

export type NewZone = {
  agencyId: string;
  caseId: string | null;
  conditionId: string | null;
  appliesToTag: string | null;
  name: string;
  kind: "inclusion" | "exclusion";
  purpose: string;
  geometry: ZoneGeometry;
  box: BoundingBox;
  bufferMeters: number;
  schedule: unknown;
  validFrom: Date;
  validTo: Date | null;
  replaces: string | null;
  by: string | null;
  now: Date;
};

export async function insertZone(db: Queryable, zone: NewZone): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO monitoring_zone (agency_id, case_id, condition_id, applies_to_tag, name, zone_kind, purpose, geometry, min_lat, min_lon,
        max_lat, max_lon, buffer_meters, schedule, valid_from, valid_to, replaces, created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $18, $19) RETURNING id`,
    [
      zone.agencyId,
      zone.caseId,
      zone.conditionId,
      zone.appliesToTag,
      zone.name,
      zone.kind,
      zone.purpose,
      JSON.stringify(zone.geometry),
      zone.box.minLat,
      zone.box.minLon,
      zone.box.maxLat,
      zone.box.maxLon,
      zone.bufferMeters,
      zone.schedule === null ? null : JSON.stringify(zone.schedule),
      zone.validFrom,
      zone.validTo,
      zone.replaces,
      zone.by,
      zone.now,
    ],
  );
  return row!.id;
}

/** Many zones in one statement (a GeoJSON import of thousands): one round trip per chunk. */
export async function insertZones(db: Queryable, zones: readonly NewZone[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < zones.length; start += 500) {
    const chunk = zones.slice(start, start + 500);
    const rows = await db.query<{ id: string }>(
      `INSERT INTO monitoring_zone (agency_id, case_id, applies_to_tag, name, zone_kind, purpose, geometry, min_lat, min_lon, max_lat, max_lon,
          buffer_meters, valid_from, created_by, created_at, updated_by, updated_at)
       SELECT $1, $2, $3, t.name, $4, $5, t.geometry, t.min_lat, t.min_lon, t.max_lat, t.max_lon, $6, $7, $8, $7, $8, $7
         FROM unnest($9::text[], $10::jsonb[], $11::float8[], $12::float8[], $13::float8[], $14::float8[])
           AS t(name, geometry, min_lat, min_lon, max_lat, max_lon)
       RETURNING id`,
      [
        chunk[0]!.agencyId,
        chunk[0]!.caseId,
        chunk[0]!.appliesToTag,
        chunk[0]!.kind,
        chunk[0]!.purpose,
        chunk[0]!.bufferMeters,
        chunk[0]!.now,
        chunk[0]!.by,
        chunk.map((zone) => zone.name),
        chunk.map((zone) => JSON.stringify(zone.geometry)),
        chunk.map((zone) => zone.box.minLat),
        chunk.map((zone) => zone.box.minLon),
        chunk.map((zone) => zone.box.maxLat),
        chunk.map((zone) => zone.box.maxLon),
      ],
    );
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

/** Ends a zone at `at` (never before its start: a zone ended before it began lasts one millisecond, kept as history). */
export async function endZone(db: Queryable, id: string, at: Date, reason: string | null): Promise<void> {
  await db.query(
    `UPDATE monitoring_zone SET valid_to = GREATEST($2::timestamptz, valid_from + interval '1 millisecond'), end_reason = COALESCE($3, end_reason)
      WHERE id = $1`,
    [id, at, reason],
  );
}

export async function setZoneSchedule(db: Queryable, id: string, schedule: unknown): Promise<void> {
  await db.query("UPDATE monitoring_zone SET schedule = $2 WHERE id = $1", [id, JSON.stringify(schedule)]);
}

// ─── The case's facts, and conditions as the source of zones ────────────────────────────────────────────────────

export type CaseFacts = {
  agency_id: string;
  person_id: string;
  status: string;
  time_zone: string;
  home_radius_meters: number;
  tags: string[];
};

export async function findCaseFacts(db: Queryable, caseId: string): Promise<CaseFacts | undefined> {
  const [row] = await db.query<CaseFacts>(
    `SELECT c.agency_id, c.person_id, c.status, a.time_zone, a.monitoring_home_radius_meters AS home_radius_meters, c.tags
       FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1`,
    [caseId],
  );
  return row;
}

export type ZoneConditionVersion = {
  id: string;
  kind: "curfew" | "geographic_restriction" | "electronic_monitoring";
  title: string;
  parameters: Record<string, unknown>;
  /** The start of its first day and of the day after its last, in the agency's time zone. */
  valid_from: Date;
  valid_to: Date | null;
};

/** Every version of the case's conditions that drive monitoring (curfew, geographic restriction, electronic monitoring). */
export async function listMonitoringConditions(db: Queryable, caseId: string): Promise<ZoneConditionVersion[]> {
  return db.query<ZoneConditionVersion>(
    `SELECT cc.id, ct.kind, ct.title, cc.parameters,
            (cc.effective_from::timestamp AT TIME ZONE a.time_zone) AS valid_from,
            ((cc.effective_to + 1)::timestamp AT TIME ZONE a.time_zone) AS valid_to
       FROM case_condition cc
       JOIN condition_type ct ON ct.id = cc.condition_type_id
       JOIN supervision_case c ON c.id = cc.case_id
       JOIN agency a ON a.id = c.agency_id
      WHERE cc.case_id = $1 AND ct.kind IN ('curfew', 'geographic_restriction', 'electronic_monitoring')
      ORDER BY cc.effective_from, cc.id`,
    [caseId],
  );
}

export async function zonesOfCondition(db: Queryable, conditionId: string): Promise<{ id: string; valid_to: Date | null }[]> {
  return db.query("SELECT id, valid_to FROM monitoring_zone WHERE condition_id = $1 ORDER BY valid_from, id", [conditionId]);
}

export type HomeAddress = { id: string; label: string; latitude: number | null; longitude: number | null };

/** The person's current address (moved in, not moved out), the verified one first. */
export async function findHomeAddress(db: Queryable, personId: string): Promise<HomeAddress | undefined> {
  const [row] = await db.query<HomeAddress>(
    `SELECT id, line1 || ', ' || city AS label, latitude, longitude FROM person_address
      WHERE person_id = $1 AND moved_out IS NULL
      ORDER BY verification_status = 'verified' DESC, moved_in DESC, created_at DESC LIMIT 1`,
    [personId],
  );
  return row;
}

export async function setAddressPosition(db: Queryable, addressId: string, latitude: number, longitude: number): Promise<void> {
  await db.query("UPDATE person_address SET latitude = $2, longitude = $3, version = version + 1 WHERE id = $1", [
    addressId,
    latitude,
    longitude,
  ]);
}

export async function lockCase(db: Queryable, caseId: string): Promise<void> {
  await db.query("SELECT 1 FROM supervision_case WHERE id = $1 FOR UPDATE", [caseId]);
}

export async function staffName(db: Queryable, userId: string): Promise<string> {
  const [row] = await db.query<{ display_name: string }>("SELECT display_name FROM app_user WHERE id = $1", [userId]);
  return row?.display_name ?? "Unknown";
}

// ─── What the rules engine reads (zones-for-evaluation.ts) ─────────────────────────────────────────────────────────

export type EvaluationZoneRow = {
  id: string;
  name: string;
  kind: "inclusion" | "exclusion";
  geometry: unknown;
  buffer_meters: number;
  schedule: unknown;
  valid_from: Date;
  valid_to: Date | null;
  applies_to_tag: string | null;
};

const evaluationColumns = `z.id, z.name, z.zone_kind AS kind, z.geometry, z.buffer_meters, z.schedule, z.valid_from, z.valid_to, z.applies_to_tag`;

export async function selectCaseZonesForEvaluation(db: Queryable, caseId: string, from: Date): Promise<EvaluationZoneRow[]> {
  return db.query<EvaluationZoneRow>(
    `SELECT ${evaluationColumns} FROM monitoring_zone z WHERE z.case_id = $1 AND (z.valid_to IS NULL OR z.valid_to > $2) ORDER BY z.valid_from, z.id`,
    [caseId, from],
  );
}

export async function selectSharedZonesForEvaluation(db: Queryable, agencyId: string, from: Date): Promise<EvaluationZoneRow[]> {
  return db.query<EvaluationZoneRow>(
    `SELECT ${evaluationColumns} FROM monitoring_zone z
      WHERE z.agency_id = $1 AND z.case_id IS NULL AND (z.valid_to IS NULL OR z.valid_to > $2) ORDER BY z.id`,
    [agencyId, from],
  );
}
