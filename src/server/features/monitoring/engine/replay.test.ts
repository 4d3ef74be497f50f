import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { distance } from "@turf/distance";
import { point, polygon } from "@turf/helpers";
import { pointToPolygonDistance } from "@turf/point-to-polygon-distance";
import { describe, expect, it } from "vitest";
import { evaluate } from "./engine";
import { defaultRuleSettings } from "./settings";
import { netAlertKeys, seeded } from "./test-support";
import type { ActivationState, AlertEvent, Reading, Zone } from "./types";
import { ZoneIndex } from "./zone-index";

// Replays real GPS trajectories (the project's shared data folder, beside the repository; not shipped with it) through
// the engine and compares its zone events with an offline computation written here independently: turf for geometry,
// the documented confirmation rule re-implemented over the time-sorted points.

const projectRoot = resolve(import.meta.dirname, "../../../../..");
const gpsFile = (name: string) => resolve(projectRoot, "..", "shared", "data", "gps", name);
const ROUTE14 = gpsFile("route14_outbound.csv");
const GEOLIFE = gpsFile("geolife_small.csv");

interface Fix {
  track: string;
  sequence: number;
  t: number;
  lon: number;
  lat: number;
  accuracy: number | null;
}

function readRoute14(): Fix[] {
  const [header, ...lines] = readFileSync(ROUTE14, "utf8").trim().split("\n");
  const columns = header!.split(",").map((c) => c.replaceAll('"', ""));
  const col = (name: string) => columns.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(",").map((c) => c.replaceAll('"', ""));
    const id = Number(cells[col("id")]);
    return {
      track: cells[col("trip_id")]!,
      sequence: id,
      t: Date.parse(`${cells[col("timestamp")]!.replace(" ", "T")}Z`),
      lon: Number(cells[col("longitude")]),
      lat: Number(cells[col("latitude")]),
      accuracy: 5 + (id % 20), // the feed has no accuracy: a deterministic 5–24 m per fix
    };
  });
}

function readGeolife(): Fix[] {
  const [header, ...lines] = readFileSync(GEOLIFE, "utf8").trim().split("\n");
  const columns = header!.split(";");
  const col = (name: string) => columns.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(";");
    return {
      track: cells[col("trajectory_id")]!,
      sequence: Number(cells[col("sequence")]),
      t: Date.parse(cells[col("t")]!.replace(" ", "T").replace(/\+00$/, "Z")),
      lon: Number(cells[col("X")]),
      lat: Number(cells[col("Y")]),
      accuracy: null, // none in GeoLife: the engine assumes unknownAccuracyMeters
    };
  });
}

function byTrack(fixes: Fix[]): Map<string, Fix[]> {
  const tracks = new Map<string, Fix[]>();
  for (const f of fixes) tracks.set(f.track, [...(tracks.get(f.track) ?? []), f]);
  for (const list of tracks.values()) list.sort((a, b) => a.t - b.t || a.sequence - b.sequence);
  return tracks;
}

function everyTenSeconds(fixes: Fix[]): Fix[] {
  let last = Number.NEGATIVE_INFINITY;
  return fixes.filter((f) => {
    if (f.t - last < 10_000) return false;
    last = f.t;
    return true;
  });
}

function toReading(f: Fix): Reading {
  return {
    deviceId: `track-${f.track}`,
    sequence: f.sequence,
    eventTime: new Date(f.t),
    latitude: f.lat,
    longitude: f.lon,
    accuracyMeters: f.accuracy,
    speedKph: null,
    batteryPercent: 80,
    strapTamper: false,
    charging: null,
    signalStrength: null,
    alcoholMgPerL: null,
  };
}

function circleAt(id: string, f: Fix, radiusMeters: number, bufferMeters: number): Zone {
  return {
    id,
    name: id,
    kind: "exclusion",
    geometry: { type: "Circle", center: [f.lon, f.lat], radiusMeters },
    bufferMeters,
    schedule: null,
    validFrom: new Date(0),
    validTo: null,
  };
}

/** An irregular heptagon of about `radiusMeters` around a fix (not centred on it). */
function polygonNear(id: string, f: Fix, radiusMeters: number, bufferMeters: number): Zone {
  const factors = [1, 0.7, 1.2, 0.8, 1.1, 0.6, 0.95];
  const ring = factors.map((k, i) => {
    const angle = (i / factors.length) * 2 * Math.PI + 0.3;
    const r = (k * radiusMeters) / 111_195;
    return [f.lon + 0.0004 + (r * Math.cos(angle)) / Math.cos((f.lat * Math.PI) / 180), f.lat + r * Math.sin(angle)];
  });
  ring.push(ring[0]!);
  return {
    id,
    name: id,
    kind: "exclusion",
    geometry: { type: "Polygon", coordinates: [ring] },
    bufferMeters,
    schedule: null,
    validFrom: new Date(0),
    validTo: null,
  };
}

// ---- the offline computation -------------------------------------------------------------------------------------

/** Signed distance (m) from the zone's boundary with turf: negative inside. */
function turfSignedDistance(zone: Zone, f: Fix): number {
  const p = point([f.lon, f.lat]);
  if (zone.geometry.type === "Circle") return distance(zone.geometry.center, p, { units: "meters" }) - zone.geometry.radiusMeters;
  const poly = polygon(zone.geometry.coordinates);
  const d = Math.abs(pointToPolygonDistance(p, poly, { units: "meters" }));
  return booleanPointInPolygon(p, poly) ? -d : d;
}

type Level = "outside" | "approaching" | "inside";

/**
 * The documented rule, over time-sorted fixes: a fix observes "inside" if inside by more than its accuracy, "outside"
 * if beyond the buffer by more than it, "approaching" if in the ring by more than it; a fix against the confirmed level
 * must also pass with accuracy + margin. Two consecutive observations of a new level confirm it, or one held 60 s
 * judged at a later fix; a fix that observes nothing keeps the pending change only if the fix lies on its side.
 */
function offlineZoneEvents(zone: Zone, fixes: Fix[]): string[] {
  const s = defaultRuleSettings;
  const buffer = zone.bufferMeters;
  const observeAt = (d: number, a: number): Level | null => {
    if (d < -a) return "inside";
    if (d > buffer + a) return "outside";
    if (buffer > 0 && d > a && d < buffer - a) return "approaching";
    return null;
  };
  let level: Level = "outside";
  let pending: Level | null = null;
  let count = 0;
  let since = 0;
  let entryOpen = false;
  let approachOpen = false;
  const events: string[] = [];
  for (const f of fixes) {
    const a = f.accuracy ?? s.unknownAccuracyMeters;
    const d = turfSignedDistance(zone, f);
    let seen = observeAt(d, a);
    if (seen !== null && seen !== level && observeAt(d, a + s.boundaryMarginMeters) !== seen) seen = null;
    const before = level;
    if (seen === null) {
      const side: Level = d < 0 ? "inside" : buffer > 0 && d <= buffer ? "approaching" : "outside";
      if (pending !== null && side !== pending) pending = null;
      else if (pending !== null && f.t - since >= s.confirmHoldSeconds * 1000) {
        level = pending;
        pending = null;
      }
    } else if (seen === level) {
      pending = null;
    } else {
      if (pending === seen) count++;
      else {
        pending = seen;
        count = 1;
        since = f.t;
      }
      if (count >= s.confirmReadings || f.t - since >= s.confirmHoldSeconds * 1000) {
        level = seen;
        pending = null;
      }
    }
    const at = `${f.t}|${zone.id}|${f.sequence}`;
    if (level === "inside" && !entryOpen) {
      entryOpen = true;
      events.push(`exclusion_zone_entry|${at}`);
    } else if (level !== "inside" && entryOpen) {
      entryOpen = false;
      events.push(`exclusion_zone_exit|${at}`);
    }
    if (level === "approaching" && before === "outside" && !approachOpen) {
      approachOpen = true;
      events.push(`exclusion_zone_approach|${at}`);
    } else if (level === "outside" && approachOpen) {
      approachOpen = false;
      events.push(`exclusion_zone_approach_cleared|${at}`);
    }
  }
  return events;
}

// ---- the engine, in order and shuffled ---------------------------------------------------------------------------

const ZONE_KINDS = new Set(["exclusion_zone_entry", "exclusion_zone_exit", "exclusion_zone_approach", "exclusion_zone_approach_cleared"]);

function engineZoneEvents(alerts: AlertEvent[]): string[] {
  const net = new Set(netAlertKeys(alerts));
  return alerts
    .filter((a) => ZONE_KINDS.has(a.kind) && net.has(a.key))
    .map((a) => `${a.kind}|${a.eventTime.getTime()}|${a.zoneId}|${a.reading?.sequence}`)
    .sort();
}

function runInOrder(zones: Zone[] | ZoneIndex, fixes: Fix[]): AlertEvent[] {
  let state: ActivationState | null = null;
  const alerts: AlertEvent[] = [];
  for (const f of fixes) {
    const result = evaluate(state, zones, [toReading(f)]);
    state = result.state;
    alerts.push(...result.alerts);
  }
  return alerts;
}

/** Arrival order: each fix delayed by up to 10 minutes (within the 15-minute reorder window), in random batches. */
function runShuffled(zones: Zone[] | ZoneIndex, fixes: Fix[], seed: number): AlertEvent[] {
  const random = seeded(seed);
  const arrivals = fixes.map((f) => ({ f, at: f.t + random() * 10 * 60_000 })).sort((x, y) => x.at - y.at);
  let state: ActivationState | null = null;
  const alerts: AlertEvent[] = [];
  for (let i = 0; i < arrivals.length; ) {
    const size = 1 + Math.floor(random() * 8);
    const result = evaluate(
      state,
      zones,
      arrivals.slice(i, i + size).map((x) => toReading(x.f)),
    );
    expect(result.tooLate).toBe(0);
    state = JSON.parse(JSON.stringify(result.state)) as ActivationState;
    alerts.push(...result.alerts);
    i += size;
  }
  return alerts;
}

function compare(zones: Zone[], tracks: Map<string, Fix[]>): number {
  // Shared-zone path: the same zones among 2,000 distant distractors, found through the R-tree.
  const distractors: Zone[] = Array.from({ length: 2000 }, (_, i) => ({
    ...circleAt(
      `far-${i}`,
      { track: "", sequence: 0, t: 0, lon: -60 + (i % 50) * 0.01, lat: -30 + Math.floor(i / 50) * 0.01, accuracy: 0 },
      100,
      50,
    ),
  }));
  const index = new ZoneIndex([...distractors, ...zones]);
  let total = 0;
  let seed = 1;
  for (const [track, fixes] of tracks) {
    const expected = zones
      .flatMap((z) => offlineZoneEvents(z, fixes))
      .map((e) => {
        const [kind, t, zoneId, sequence] = e.split("|");
        return `${kind}|${t}|${zoneId}|${sequence}`;
      });
    expected.sort();
    expect(engineZoneEvents(runInOrder(zones, fixes)), `track ${track} in order`).toEqual(expected);
    expect(engineZoneEvents(runShuffled(zones, fixes, seed++)), `track ${track} shuffled`).toEqual(expected);
    expect(engineZoneEvents(runInOrder(index, fixes)), `track ${track} through the zone index`).toEqual(expected);
    total += expected.length;
  }
  return total;
}

describe("replaying real trajectories", () => {
  it.skipIf(!existsSync(ROUTE14))("route 14 bus (UK BODS, OGL v3): engine zone events equal the offline computation", () => {
    const tracks = byTrack(readRoute14());
    const longest = [...tracks.values()].sort((a, b) => b.length - a.length)[0]!;
    const zones = [
      circleAt("circle-on-route", longest[Math.floor(longest.length * 0.4)]!, 150, 300),
      polygonNear("polygon-on-route", longest[Math.floor(longest.length * 0.75)]!, 250, 200),
    ];
    const events = compare(zones, tracks);
    // The bus runs the same route 16 times: most trips enter both zones.
    expect(events).toBeGreaterThan(30);
  });

  it.skipIf(!existsSync(GEOLIFE))("GeoLife (MSR-LA, tests only): engine zone events equal the offline computation", () => {
    // Recorded every 1–5 s; a device in pursuit mode reports every 10 s or so (and the reorder buffer holds 120 readings).
    const tracks = new Map([...byTrack(readGeolife())].map(([id, fixes]) => [id, everyTenSeconds(fixes)]));
    const zones: Zone[] = [];
    for (const [id, fixes] of tracks) {
      zones.push(circleAt(`circle-${id}`, fixes[Math.floor(fixes.length * 0.3)]!, 80, 150));
      zones.push(polygonNear(`polygon-${id}`, fixes[Math.floor(fixes.length * 0.6)]!, 120, 0));
    }
    const events = compare(zones, tracks);
    expect(events).toBeGreaterThan(10);
  });

  it("says when the shared trajectories are absent instead of passing silently", () => {
    if (!existsSync(ROUTE14) || !existsSync(GEOLIFE)) {
      console.warn(
        `Real-trajectory replay skipped: ${ROUTE14} or ${GEOLIFE} not found (the shared data folder sits beside the repository).`,
      );
    }
    expect(true).toBe(true);
  });
});
