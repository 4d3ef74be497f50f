import type { Queryable } from "../../../platform/db/database";
import { type EvaluationZoneRow, selectCaseZonesForEvaluation, selectSharedZonesForEvaluation } from "./zones.queries";

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

/**
 * The schedule as the engine's `Schedule`: exceptions are stored with ISO times (JSON), the engine compares Dates. Their
 * reason and approver stay on each exception (the engine ignores them).
 */
function scheduleOf(stored: unknown): unknown {
  if (!stored || typeof stored !== "object") return null;
  const schedule = stored as { exceptions?: { from: string; to: string }[] };
  return {
    ...schedule,
    exceptions: (schedule.exceptions ?? []).map((exception) => ({
      ...exception,
      from: new Date(exception.from),
      to: new Date(exception.to),
    })),
  };
}

const toZone = (row: EvaluationZoneRow): ZoneRow => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  geometry: row.geometry,
  bufferMeters: row.buffer_meters,
  schedule: scheduleOf(row.schedule),
  validFrom: new Date(row.valid_from),
  validTo: row.valid_to ? new Date(row.valid_to) : null,
  appliesToTag: row.applies_to_tag,
});

/** A case's own zones still valid at or after `from` (the engine checks each zone's validity per reading). */
export async function caseZones(db: Queryable, caseId: string, from: Date): Promise<ZoneRow[]> {
  return (await selectCaseZonesForEvaluation(db, caseId, from)).map(toZone);
}

/**
 * The agency's shared zones (all schools, say) still valid at or after `from`: thousands of them, so callers load
 * them once into the engine's spatial index and apply each to the cases carrying its tag.
 */
export async function sharedZones(db: Queryable, agencyId: string, from: Date): Promise<ZoneRow[]> {
  return (await selectSharedZonesForEvaluation(db, agencyId, from)).map(toZone);
}
