import { randomUUID } from "node:crypto";
import type { Database } from "../platform/db/database";

// Monitored people for ingest tests, the SIGKILL test and the benchmark: persons, cases, devices, activations and
// circle zones written straight to the tables (bulk: COPY), on an agency and an officer that already exist.

export type CircleZoneSpec = {
  kind: "inclusion" | "exclusion";
  lon: number;
  lat: number;
  radiusMeters: number;
  bufferMeters?: number;
  name?: string;
  schedule?: unknown;
  /** Shared agency zone applying to cases with this tag (no case of its own). */
  appliesToTag?: string;
};

export type MonitoredPerson = { caseId: string; deviceId: string; serial: string; activationId: string };

const METERS_PER_DEGREE = 111_195;

export function circleZoneRow(agencyId: string, caseId: string | null, zone: CircleZoneSpec, validFrom: Date, createdBy: string) {
  const dLat = (zone.radiusMeters + (zone.bufferMeters ?? 0)) / METERS_PER_DEGREE;
  const dLon = dLat / Math.max(Math.cos((zone.lat * Math.PI) / 180), 1e-6);
  return [
    randomUUID(),
    agencyId,
    caseId,
    zone.appliesToTag ?? null,
    zone.name ?? (zone.kind === "exclusion" ? "Exclusion zone" : "Home"),
    zone.kind,
    zone.kind === "exclusion" ? (zone.appliesToTag ? "school" : "victim") : "home",
    JSON.stringify({ type: "Circle", center: [zone.lon, zone.lat], radiusMeters: zone.radiusMeters }),
    zone.lat - dLat,
    zone.lon - dLon,
    zone.lat + dLat,
    zone.lon + dLon,
    zone.bufferMeters ?? 0,
    zone.schedule === undefined || zone.schedule === null ? null : JSON.stringify(zone.schedule),
    validFrom.toISOString(),
    createdBy,
  ];
}

export const zoneColumns = [
  "id",
  "agency_id",
  "case_id",
  "applies_to_tag",
  "name",
  "zone_kind",
  "purpose",
  "geometry",
  "min_lat",
  "min_lon",
  "max_lat",
  "max_lon",
  "buffer_meters",
  "schedule",
  "valid_from",
  "created_by",
] as const;

/** The agency, unit and an officer to hang monitored cases on (the first officer with a unit). */
export async function monitoringOwner(db: Database): Promise<{ agencyId: string; unitId: string; officerId: string }> {
  const [row] = await db.query<{ agency_id: string; unit_id: string; id: string }>(
    "SELECT agency_id, unit_id, id FROM app_user WHERE unit_id IS NOT NULL ORDER BY username LIMIT 1",
  );
  if (!row) throw new Error("no officer with a unit: create the demo organisation first");
  return { agencyId: row.agency_id, unitId: row.unit_id, officerId: row.id };
}

/**
 * `count` monitored people: a person, an active case (with `tags`), a GPS device `${serialPrefix}${i}` and an
 * activation installed at `installedAt`, plus the zones `zonesOf(i)` gives each case.
 */
export async function addMonitoredPeople(
  db: Database,
  options: {
    count: number;
    serialPrefix: string;
    installedAt: Date;
    tags?: string[];
    zonesOf?: (i: number) => CircleZoneSpec[];
  },
): Promise<MonitoredPerson[]> {
  const owner = await monitoringOwner(db);
  const people: MonitoredPerson[] = [];
  const persons: unknown[][] = [];
  const cases: unknown[][] = [];
  const devices: unknown[][] = [];
  const activations: unknown[][] = [];
  const zones: unknown[][] = [];
  const tags = `{${(options.tags ?? []).join(",")}}`;
  for (let i = 0; i < options.count; i++) {
    const personId = randomUUID();
    const caseId = randomUUID();
    const deviceId = randomUUID();
    const activationId = randomUUID();
    const serial = `${options.serialPrefix}${i}`;
    persons.push([personId, owner.agencyId, `M-${serial}`, "Monitored", `Person ${serial}`.slice(0, 80), "1990-01-01"]);
    cases.push([
      caseId,
      owner.agencyId,
      personId,
      `MC-${serial}`.slice(0, 40),
      "parole",
      "Parole Board",
      "2026-01-01",
      owner.unitId,
      owner.officerId,
      tags,
    ]);
    devices.push([deviceId, owner.agencyId, serial, "gps", "Test vendor", "assigned"]);
    activations.push([activationId, deviceId, caseId, options.installedAt.toISOString(), owner.officerId]);
    for (const zone of options.zonesOf?.(i) ?? [])
      zones.push(circleZoneRow(owner.agencyId, caseId, zone, options.installedAt, owner.officerId));
    people.push({ caseId, deviceId, serial, activationId });
  }
  await db.copyRows("person", ["id", "agency_id", "agency_person_number", "first_name", "last_name", "date_of_birth"], persons);
  await db.copyRows(
    "supervision_case",
    [
      "id",
      "agency_id",
      "person_id",
      "case_number",
      "supervision_type",
      "authority_name",
      "supervision_start",
      "unit_id",
      "officer_id",
      "tags",
    ],
    cases,
  );
  await db.copyRows("monitoring_device", ["id", "agency_id", "serial", "device_type", "vendor", "status"], devices);
  await db.copyRows("monitoring_activation", ["id", "device_id", "case_id", "installed_at", "installed_by"], activations);
  if (zones.length > 0) await db.copyRows("monitoring_zone", [...zoneColumns], zones);
  return people;
}

/** Shared agency zones (e.g. schools) applying to cases with `tag`. */
export async function addSharedZones(db: Database, zones: CircleZoneSpec[], validFrom: Date): Promise<void> {
  const owner = await monitoringOwner(db);
  await db.copyRows(
    "monitoring_zone",
    [...zoneColumns],
    zones.map((zone) => circleZoneRow(owner.agencyId, null, zone, validFrom, owner.officerId)),
  );
}
