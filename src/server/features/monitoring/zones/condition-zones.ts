// Conditions are the source of truth for the zones they imply: a curfew is an inclusion zone at home with the
// curfew's hours, a geographic restriction with a point and radius is its circle. Each condition version has its own
// zone rows, valid over the version's days in the agency's time zone, so a new version (which ends the old one the day
// before it starts) closes the old zones from its effective time and opens its own. The conditions service calls
// syncConditionZones in the transaction of every condition change, as contact standing is refreshed in the change's
// transaction: the zones never disagree with the conditions a reader sees.
import type { Queryable } from "../../../platform/db/database";
import { boundingBox } from "./zone-geometry";
import * as queries from "./zones.queries";

const everyDay = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

type DerivedZone = Pick<queries.NewZone, "name" | "kind" | "purpose" | "geometry" | "bufferMeters" | "schedule">;

/** The zone a condition version implies, "home" when it needs the home's map position and there is none, or null. */
function zoneOfCondition(
  version: queries.ZoneConditionVersion,
  facts: queries.CaseFacts,
  home: queries.HomeAddress | undefined,
): DerivedZone | "home" | null {
  const p = version.parameters;
  if (version.kind === "curfew") {
    if (!home || home.latitude === null || home.longitude === null) return "home";
    return {
      name: `${version.title} at home`.slice(0, 160),
      kind: "inclusion",
      purpose: "home",
      geometry: { type: "Circle", center: [home.longitude, home.latitude], radiusMeters: facts.home_radius_meters },
      bufferMeters: 0,
      schedule: {
        timeZone: facts.time_zone,
        windows: [{ days: Array.isArray(p.days) && p.days.length > 0 ? p.days : [...everyDay], start: p.start, end: p.end }],
        exceptions: [],
      },
    };
  }
  if (version.kind === "geographic_restriction") {
    if (typeof p.latitude !== "number" || typeof p.longitude !== "number" || typeof p.radiusMeters !== "number") return null;
    const exclusion = p.zone !== "inclusion";
    return {
      name: String(p.description ?? version.title).slice(0, 160),
      kind: exclusion ? "exclusion" : "inclusion",
      purpose: exclusion ? "restricted_area" : "other",
      geometry: { type: "Circle", center: [p.longitude, p.latitude], radiusMeters: p.radiusMeters },
      // An approach warning ring of a tenth of the radius, at least 50 m, for exclusion zones.
      bufferMeters: exclusion ? Math.min(10_000, Math.max(50, Math.round(p.radiusMeters / 10))) : 0,
      schedule: null,
    };
  }
  return null;
}

export type ConditionZoneSync = {
  /** Curfew conditions in force or to come whose zone waits for the home's map position. */
  homePositionNeeded: { conditionId: string; title: string }[];
  /** An electronic-monitoring condition is in force now. */
  monitored: boolean;
  /** The device types its technologies call for. */
  deviceTypes: string[];
};

const typesOfTechnology: Record<string, string[]> = {
  gps: ["gps"],
  radio_frequency: ["rf_home_unit"],
  alcohol: ["transdermal_alcohol", "breath_alcohol"],
};

/**
 * Brings the case's condition-derived zones in line with its condition versions: each version's zones end when the
 * version ends (its last day, in the agency's time zone), and a version without a zone gets one when it can.
 * `write` false only reads (what the Monitoring section shows).
 */
export async function syncConditionZones(
  tx: Queryable,
  caseId: string,
  options: { by: string | null; now: Date; write: boolean },
): Promise<ConditionZoneSync> {
  const facts = await queries.findCaseFacts(tx, caseId);
  const result: ConditionZoneSync = { homePositionNeeded: [], monitored: false, deviceTypes: [] };
  if (!facts) return result;
  const versions = await queries.listMonitoringConditions(tx, caseId);
  const home = await queries.findHomeAddress(tx, facts.person_id);
  const now = options.now.getTime();
  for (const version of versions) {
    const from = new Date(version.valid_from);
    const to = version.valid_to ? new Date(version.valid_to) : null;
    const current = from.getTime() <= now && (to === null || to.getTime() > now);
    if (version.kind === "electronic_monitoring") {
      if (current) {
        result.monitored = true;
        const technology = String(version.parameters.technology ?? "gps");
        for (const type of typesOfTechnology[technology] ?? []) if (!result.deviceTypes.includes(type)) result.deviceTypes.push(type);
      }
      continue;
    }
    const existing = await queries.zonesOfCondition(tx, version.id);
    const derived = zoneOfCondition(version, facts, home);
    const stillAhead = to === null || to.getTime() > now;
    if (derived === "home" && stillAhead && existing.length === 0)
      result.homePositionNeeded.push({ conditionId: version.id, title: version.title });
    if (!options.write) continue;
    // The version ended (a new version from its effective time, or the condition ended): close its zones then.
    if (to)
      for (const zone of existing) if (zone.valid_to === null || new Date(zone.valid_to) > to) await queries.endZone(tx, zone.id, to, null);
    if (existing.length > 0 || derived === null || derived === "home") continue;
    await queries.insertZone(tx, {
      ...derived,
      agencyId: facts.agency_id,
      caseId,
      conditionId: version.id,
      appliesToTag: null,
      box: boundingBox(derived.geometry, derived.bufferMeters),
      validFrom: from,
      validTo: to,
      replaces: null,
      by: options.by,
      now: options.now,
    });
  }
  return result;
}
