import type { CrimeSceneMatch, CrimeSceneResult } from "../../../../shared/contract/monitoring-map";
import type { Queryable } from "../../../platform/db/database";
import * as queries from "./map.queries";

/** The mean Earth radius in metres (IUGG), the one great-circle distances in the app use (turf's too). */
const earthRadiusMeters = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;
const degrees = (radiansValue: number) => (radiansValue * 180) / Math.PI;

/** Great-circle distance in metres (haversine): exact enough at crime-scene radii, and cheap per reading. */
export function metersBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusMeters * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

/**
 * A latitude/longitude box that holds the whole circle (with a small margin against rounding). Near a pole, or where
 * the circle crosses the antimeridian, the box takes every longitude: correct, only slower, and no agency patrols there.
 */
export function boundingBox(center: { latitude: number; longitude: number }, radiusMeters: number) {
  const margin = 1.001;
  const latDelta = degrees((radiusMeters * margin) / earthRadiusMeters) + 1e-9;
  const minLat = Math.max(-90, center.latitude - latDelta);
  const maxLat = Math.min(90, center.latitude + latDelta);
  const widestLat = Math.max(Math.abs(minLat), Math.abs(maxLat));
  if (widestLat >= 89.9) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  const lonDelta = latDelta / Math.cos(radians(widestLat));
  const minLon = center.longitude - lonDelta;
  const maxLon = center.longitude + lonDelta;
  if (minLon < -180 || maxLon > 180) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  return { minLat, maxLat, minLon, maxLon };
}

export type CrimeSceneQuery = {
  agencyId: string;
  latitude: number;
  longitude: number;
  radiusMeters: number;
  from: Date;
  to: Date;
};

/**
 * The monitored people of the agency with readings inside the circle during the window, closest approach first, each
 * with its readings inside (time order). SQL narrows by event time (BRIN, partitions) and the bounding box; the exact
 * distance is computed here. Access and audit are the caller's (the service; the benchmark calls this directly).
 */
export async function crimeSceneSearch(db: Queryable, query: CrimeSceneQuery): Promise<CrimeSceneResult> {
  const center = { latitude: query.latitude, longitude: query.longitude };
  const box = boundingBox(center, query.radiusMeters);
  const rows = await queries.readingsInBox(db, { from: query.from, to: query.to, ...box });
  const inside = new Map<string, CrimeSceneMatch["points"]>();
  for (const row of rows) {
    const distanceMeters = metersBetween(center, row);
    if (distanceMeters > query.radiusMeters) continue;
    const points = inside.get(row.activation_id) ?? [];
    points.push({
      eventTime: new Date(row.event_time).toISOString(),
      latitude: row.latitude,
      longitude: row.longitude,
      distanceMeters: Math.round(distanceMeters * 10) / 10,
      accuracyMeters: row.accuracy_meters,
      speedKph: row.speed_kph,
    });
    inside.set(row.activation_id, points);
  }
  const cases = await queries.activationCases(db, query.agencyId, [...inside.keys()]);
  const matches: CrimeSceneMatch[] = cases.map((row) => {
    const points = (inside.get(row.activation_id) ?? []).sort((a, b) => a.eventTime.localeCompare(b.eventTime));
    const closest = points.reduce((best, point) => (point.distanceMeters < best.distanceMeters ? point : best));
    return {
      activationId: row.activation_id,
      caseId: row.case_id,
      personId: row.person_id,
      personName: `${row.first_name} ${row.last_name}`,
      deviceSerial: row.serial,
      closestDistanceMeters: closest.distanceMeters,
      closestAt: closest.eventTime,
      points,
    };
  });
  matches.sort(
    (a, b) =>
      a.closestDistanceMeters - b.closestDistanceMeters ||
      a.closestAt.localeCompare(b.closestAt) ||
      a.activationId.localeCompare(b.activationId),
  );
  return { readingsExamined: rows.length, matches };
}
