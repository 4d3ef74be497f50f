import type { Queryable } from "../../../platform/db/database";

/** A zone as the rules engine takes it (geometry and schedule as stored: the engine's Zone shape). */
export type ZoneRow = {
  id: string;
  name: string;
  kind: "inclusion" | "exclusion";
  geometry: unknown;
  bufferMeters: number;
  schedule: unknown;
  validFrom: Date;
  validTo: Date | null;
  /** Shared agency zones: the case tag it applies to; null for a case's own zone. */
  appliesToTag: string | null;
};

type Row = {
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

const columns = `z.id, z.name, z.zone_kind AS kind, z.geometry, z.buffer_meters, z.schedule, z.valid_from, z.valid_to, z.applies_to_tag`;

const toZone = (row: Row): ZoneRow => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  geometry: row.geometry,
  bufferMeters: row.buffer_meters,
  schedule: row.schedule,
  validFrom: new Date(row.valid_from),
  validTo: row.valid_to ? new Date(row.valid_to) : null,
  appliesToTag: row.applies_to_tag,
});

/** A case's own zones still valid at or after `from` (the engine checks each zone's validity per reading). */
export async function caseZones(db: Queryable, caseId: string, from: Date): Promise<ZoneRow[]> {
  const rows = await db.query<Row>(
    `SELECT ${columns} FROM monitoring_zone z WHERE z.case_id = $1 AND (z.valid_to IS NULL OR z.valid_to > $2) ORDER BY z.valid_from, z.id`,
    [caseId, from],
  );
  return rows.map(toZone);
}

/**
 * The agency's shared zones (all schools, say) still valid at or after `from`: thousands of them, so callers load
 * them once into the engine's spatial index and apply each to the cases carrying its tag.
 */
export async function sharedZones(db: Queryable, agencyId: string, from: Date): Promise<ZoneRow[]> {
  const rows = await db.query<Row>(
    `SELECT ${columns} FROM monitoring_zone z
      WHERE z.agency_id = $1 AND z.case_id IS NULL AND (z.valid_to IS NULL OR z.valid_to > $2) ORDER BY z.id`,
    [agencyId, from],
  );
  return rows.map(toZone);
}
