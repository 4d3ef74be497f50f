import type { z } from "zod";
import {
  type CrimeSceneBody,
  type CrimeSceneResult,
  type LivePositions,
  livePositionLookbackHours,
  maxCrimeSceneWindowDays,
  maxTrackPoints,
  maxTrackWindowHours,
  type Track,
  type TrackZone,
  type trackQuery,
  trackZone,
} from "../../../../shared/contract/monitoring-map";
import { loadCaseTarget } from "../../../platform/access/case-access";
import { guarded } from "../../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../../platform/context";
import { badRequest, notFound } from "../../../platform/errors";
import { caseZones, sharedZones, type ZoneRow } from "../zones/zones-for-evaluation";
import { crimeSceneSearch } from "./crime-scene";
import * as queries from "./map.queries";

const hourMs = 3_600_000;
const iso = (value: Date | string) => new Date(value).toISOString();

/** Evenly thins a long track to at most `limit` points by index, keeping the first and the last fix. */
export function downsample<T>(points: readonly T[], limit: number): T[] {
  if (points.length <= limit) return [...points];
  const step = (points.length - 1) / (limit - 1);
  return Array.from({ length: limit }, (_, index) => points[Math.round(index * step)] as T);
}

/** A window from the request: start before end, and no longer than allowed (field-named 400s). */
function window(from: string, to: string, maxHours: number, tooLong: string) {
  const start = new Date(from);
  const end = new Date(to);
  if (end <= start) throw badRequest("The window ends before it starts.", [{ field: "to", message: "must be after the start" }]);
  if (end.getTime() - start.getTime() > maxHours * hourMs) throw badRequest(tooLong, [{ field: "to", message: tooLong }]);
  return { start, end };
}

const toTrackZone = (zone: ZoneRow, shared: boolean): TrackZone | null => {
  const parsed = trackZone.shape.geometry.safeParse(zone.geometry);
  // A geometry this page cannot draw (a future shape) is left off rather than failing the whole playback.
  if (!parsed.success) return null;
  return {
    id: zone.id,
    name: zone.name,
    kind: zone.kind,
    shared,
    validFrom: iso(zone.validFrom),
    validTo: zone.validTo ? iso(zone.validTo) : null,
    geometry: parsed.data,
  };
};

export function createMonitoringMapService(deps: FeatureDeps) {
  return {
    /** The last fix of each monitored person the actor may see (officer: caseload and co-officer; supervisor: unit). */
    async livePositions(context: RequestContext): Promise<LivePositions> {
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "monitoring.live_positions_read",
          recordType: "caseload",
        });
        const since = new Date(context.now.getTime() - livePositionLookbackHours * hourMs);
        const rows = await queries.livePositions(tx, { filter, since, now: context.now });
        return {
          asOf: context.now.toISOString(),
          lookbackHours: livePositionLookbackHours,
          positions: rows.map((row) => ({
            activationId: row.activation_id,
            caseId: row.case_id,
            personId: row.person_id,
            personName: `${row.first_name} ${row.last_name}`,
            deviceSerial: row.serial,
            deviceType: row.device_type,
            position:
              row.event_time && row.latitude !== null && row.longitude !== null
                ? {
                    eventTime: iso(row.event_time),
                    latitude: row.latitude,
                    longitude: row.longitude,
                    accuracyMeters: row.accuracy_meters,
                    speedKph: row.speed_kph,
                    batteryPercent: row.battery_percent,
                  }
                : null,
          })),
        };
      });
    },

    /** A case's track over a window of at most a day, with the zones in force during it (an audited read). */
    async track(context: RequestContext, caseId: string, query: z.infer<typeof trackQuery>): Promise<Track> {
      const { start, end } = window(query.from, query.to, maxTrackWindowHours, `Choose a window of at most ${maxTrackWindowHours} hours.`);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, {
          action: "monitoring.track_read",
          recordType: "case",
          recordId: caseId,
          details: { from: start.toISOString(), to: end.toISOString() },
        });
        const facts = await queries.caseTags(tx, caseId);
        if (!facts) throw notFound("Case");
        const points: queries.TrackRow[] = [];
        // A device swapped mid-window: each activation's readings in turn (activations of one case never overlap in use).
        for (const activation of await queries.activationsOverlapping(tx, caseId, start, end)) {
          const rows = await queries.trackReadings(tx, {
            activationId: activation.id,
            deviceId: activation.device_id,
            from: start,
            to: end,
          });
          points.push(...rows);
        }
        points.sort((a, b) => new Date(a.event_time).getTime() - new Date(b.event_time).getTime());
        const inWindow = (zone: ZoneRow) => zone.validFrom <= end;
        const own = (await caseZones(tx, caseId, start)).filter(inWindow).map((zone) => toTrackZone(zone, false));
        const shared = (await sharedZones(tx, target.agencyId, start))
          .filter((zone) => inWindow(zone) && zone.appliesToTag !== null && facts.tags.includes(zone.appliesToTag))
          .map((zone) => toTrackZone(zone, true));
        return {
          caseId,
          personName: facts.personName,
          from: start.toISOString(),
          to: end.toISOString(),
          totalPoints: points.length,
          downsampled: points.length > maxTrackPoints,
          points: downsample(points, maxTrackPoints).map((row) => ({
            eventTime: iso(row.event_time),
            latitude: row.latitude,
            longitude: row.longitude,
            accuracyMeters: row.accuracy_meters,
            speedKph: row.speed_kph,
            batteryPercent: row.battery_percent,
          })),
          zones: [...own, ...shared].filter((zone): zone is TrackZone => zone !== null),
        };
      });
    },

    /**
     * Supervisors of the agency: who among the agency's monitored people was within the radius of a place during a
     * window. The stated reason, the query and the number of people found are in the audit row; officers are refused
     * (and the refusal audited).
     */
    async crimeScene(context: RequestContext, body: CrimeSceneBody): Promise<CrimeSceneResult> {
      const actor = signedInActor(context);
      const { start, end } = window(
        body.from,
        body.to,
        maxCrimeSceneWindowDays * 24,
        `Choose a window of at most ${maxCrimeSceneWindowDays} days.`,
      );
      if (end > context.now) throw badRequest("The window cannot end in the future.", [{ field: "to", message: "after now" }]);
      const details: Record<string, string | number | boolean | null> = {
        reason: body.reason,
        latitude: body.latitude,
        longitude: body.longitude,
        radiusMeters: body.radiusMeters,
        from: start.toISOString(),
        to: end.toISOString(),
      };
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "monitoring.crime_scene_search",
          { agencyId: actor.agencyId },
          { action: "monitoring.crime_scene_search", recordType: "agency", recordId: actor.agencyId, details },
        );
        const result = await crimeSceneSearch(tx, { agencyId: actor.agencyId, ...body, from: start, to: end });
        // The allowed audit row is written at the end of this work and shares this details object: it records the count.
        details.resultCount = result.matches.length;
        return result;
      });
    },
  };
}

export type MonitoringMapService = ReturnType<typeof createMonitoringMapService>;
