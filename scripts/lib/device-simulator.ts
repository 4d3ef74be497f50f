// The device simulator's pure part: real trajectories read from the shared data folder at run time, replayed shifted
// to the present with realistic GPS noise, accuracy, battery discharge, gaps, and the demo scenarios. The CLI
// (scripts/simulate-devices.ts) adds the clock, MQTT/HTTP and device commands.

export const route14Attribution =
  "Contains public sector information licensed under the Open Government Licence v3.0 (UK Bus Open Data Service)";
export const geolifeRestriction =
  "GeoLife GPS Trajectories (Microsoft Research): Microsoft Research License Agreement, non-commercial research use only; never ship or show it publicly. Zheng et al., WWW 2009.";

export type TrackPoint = { offsetMs: number; latitude: number; longitude: number };
/** One looped trajectory: offsets from its first fix, in time order. */
export type Track = { points: TrackPoint[]; durationMs: number };

/** route14_outbound.csv (BODS AVL): the trips in time order as one track, each trip's points by timestamp (UTC). */
export function parseRoute14(csv: string): Track {
  const [header = "", ...lines] = csv.trim().split(/\r?\n/);
  const columns = header.split(",").map((name) => name.replaceAll('"', ""));
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`route14 CSV has no ${name} column`);
    return index;
  };
  const [time, lat, lon] = [at("timestamp"), at("latitude"), at("longitude")];
  const fixes = lines
    .map((line) => line.split(","))
    .map((cells) => ({
      time: Date.parse(`${(cells[time] ?? "").replaceAll('"', "").replace(" ", "T")}Z`),
      latitude: Number(cells[lat]),
      longitude: Number(cells[lon]),
    }))
    .filter((fix) => Number.isFinite(fix.time) && Number.isFinite(fix.latitude) && Number.isFinite(fix.longitude));
  return toTrack(fixes);
}

/** geolife_small.csv (`;`-separated, X = longitude, Y = latitude, t): for explicit --geolife runs only (tests' data). */
export function parseGeolife(csv: string): Track {
  const [header = "", ...lines] = csv.trim().split(/\r?\n/);
  const columns = header.split(";");
  const [x, y, t] = ["X", "Y", "t"].map((name) => columns.indexOf(name)) as [number, number, number];
  const fixes = lines
    .map((line) => line.split(";"))
    .map((cells) => ({
      time: Date.parse((cells[t] ?? "").replace(" ", "T").replace(/\+00$/, "Z")),
      latitude: Number(cells[y]),
      longitude: Number(cells[x]),
    }))
    .filter((fix) => Number.isFinite(fix.time) && Number.isFinite(fix.latitude) && Number.isFinite(fix.longitude));
  return toTrack(fixes, 10 * 60_000);
}

/** Speed at which a jump in the data (a bus back at the start of its next trip, the loop closing) is travelled. */
const repositionMetresPerSecond = 40 / 3.6;

/**
 * Fixes in time order; a pause longer than maxGapMs (between trips, days apart in GeoLife) is shortened to a minute,
 * so the replay keeps moving, and a jump faster than 130 km/h is travelled at 40 km/h instead. The loop closes back
 * on the first fix the same way.
 */
function toTrack(fixes: Array<{ time: number; latitude: number; longitude: number }>, maxGapMs = 30 * 60_000): Track {
  fixes.sort((a, b) => a.time - b.time);
  if (fixes.length < 2) throw new Error("a trajectory needs at least two fixes");
  const points: TrackPoint[] = [];
  const legMs = (from: TrackPoint, to: { latitude: number; longitude: number }, gap: number) => {
    const shortened = gap > maxGapMs ? 60_000 : gap;
    const metres = metresBetween(from, to);
    return shortened > 0 && (metres / shortened) * 3600 > 130
      ? Math.max(shortened, (metres / repositionMetresPerSecond) * 1000)
      : shortened;
  };
  let offset = 0;
  for (const [index, fix] of fixes.entries()) {
    if (index > 0) offset += legMs(points[points.length - 1]!, fix, fix.time - fixes[index - 1]!.time);
    if (points.length > 0 && points[points.length - 1]!.offsetMs === offset) continue;
    points.push({ offsetMs: offset, latitude: fix.latitude, longitude: fix.longitude });
  }
  const closing = legMs(points[points.length - 1]!, points[0]!, 60_000);
  return { points, durationMs: offset + Math.max(60_000, closing) };
}

/** The position on the looped track `offsetMs` after its start, interpolated between fixes. */
export function positionAt(track: Track, offsetMs: number): { latitude: number; longitude: number; speedKph: number } {
  const t = ((offsetMs % track.durationMs) + track.durationMs) % track.durationMs;
  const { points } = track;
  let low = 0;
  let high = points.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (points[middle]!.offsetMs <= t) low = middle;
    else high = middle - 1;
  }
  const from = points[low]!;
  const to = points[low + 1] ?? { ...points[0]!, offsetMs: track.durationMs };
  const span = to.offsetMs - from.offsetMs;
  const share = span > 0 ? (t - from.offsetMs) / span : 0;
  const latitude = from.latitude + (to.latitude - from.latitude) * share;
  const longitude = from.longitude + (to.longitude - from.longitude) * share;
  const speedKph = span > 0 ? (metresBetween(from, to) / (span / 1000)) * 3.6 : 0;
  return { latitude, longitude, speedKph };
}

export function metresBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** A seeded generator (mulberry32), so a run with --seed is repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * GPS error as receivers report it: usually 3–15 m, sometimes (urban canyon, indoors) 30–80 m; the position is off by
 * about that much (the accuracy is the ~68 % radius, so the offset's sigma per axis is accuracy / 1.5).
 */
export function noisyFix(position: { latitude: number; longitude: number }, random: () => number) {
  const accuracyMeters = Math.round((random() < 0.08 ? 30 + random() * 50 : 3 + random() * 12) * 10) / 10;
  const sigma = accuracyMeters / 1.5;
  const north = gaussian(random) * sigma;
  const east = gaussian(random) * sigma;
  const latitude = position.latitude + north / 111_320;
  const longitude = position.longitude + east / (111_320 * Math.cos((position.latitude * Math.PI) / 180));
  return { latitude: round6(latitude), longitude: round6(longitude), accuracyMeters };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export const scenarioNames = ["breach", "curfew", "tamper", "signal-loss"] as const;
export type Scenario = (typeof scenarioNames)[number];

/** Minutes into the run at which each scenario's event starts, and for how long. */
export const scenarioTiming = { startAfterMs: 60_000, tamperForMs: 3 * 60_000, signalLossForMs: 20 * 60_000, curfewHomeForMs: 2 * 60_000 };

export type SimulatedDevice = {
  serial: string;
  /** Where on the track this device starts (spreads the devices along the route). */
  trackOffsetMs: number;
  scenario: Scenario | null;
  sequence: number;
  batteryPercent: number;
  charging: boolean;
  /** Readings still to skip in a short signal gap. */
  gapLeft: number;
};

export function createDevices(
  serials: readonly string[],
  track: Track,
  scenarios: readonly Scenario[],
  random: () => number,
): SimulatedDevice[] {
  return serials.map((serial, index) => ({
    serial,
    trackOffsetMs: Math.floor((index * track.durationMs) / serials.length + random() * 60_000),
    // Each scenario goes to one device, in order; the others just move along the route.
    scenario: scenarios[index] ?? null,
    sequence: Math.floor(random() * 1000),
    batteryPercent: 55 + random() * 45,
    charging: false,
    gapLeft: 0,
  }));
}

/** Where the breach scenario's device goes: a point on the route, at the middle of the track, to draw an exclusion zone around. */
export function breachPoint(track: Track) {
  const { latitude, longitude } = positionAt(track, track.durationMs / 2);
  return { latitude: round6(latitude), longitude: round6(longitude) };
}

/** The curfew scenario's home: the route's first fix (the device stays there, then leaves during the curfew). */
export function curfewHome(track: Track) {
  const first = track.points[0]!;
  return { latitude: first.latitude, longitude: first.longitude };
}

export type WireReading = {
  deviceId: string;
  sequence: number;
  eventTime: string;
  latitude: number;
  longitude: number;
  accuracyMeters: number;
  speedKph: number;
  batteryPercent: number;
  strapTamper: boolean;
  charging: boolean;
  signalStrength: number;
};

/**
 * The device's next reading at `now`, `elapsedMs` into the run, or null when it has no signal (a short random gap, or
 * the signal-loss scenario). Battery discharges ~4 %/h and charges (as a wearer plugs in) below 20 %.
 */
export function nextReading(
  device: SimulatedDevice,
  track: Track,
  now: Date,
  elapsedMs: number,
  sinceLastMs: number,
  random: () => number,
): WireReading | null {
  const { startAfterMs } = scenarioTiming;
  const eventStarted = elapsedMs >= startAfterMs;
  if (device.scenario === "signal-loss" && eventStarted && elapsedMs < startAfterMs + scenarioTiming.signalLossForMs) return null;
  device.batteryPercent = Math.min(100, Math.max(1, device.batteryPercent + (device.charging ? 30 : -4) * (sinceLastMs / 3_600_000)));
  if (device.batteryPercent < 20) device.charging = true;
  if (device.batteryPercent > 95) device.charging = false;
  device.sequence += 1;
  if (device.gapLeft > 0) {
    device.gapLeft -= 1;
    return null;
  }
  if (random() < 0.005) device.gapLeft = 2 + Math.floor(random() * 8);

  let position = positionAt(track, device.trackOffsetMs + elapsedMs);
  if (device.scenario === "breach") {
    // Heads through the breach point: the replay is moved so the middle of the track comes up a minute into the run.
    position = positionAt(track, track.durationMs / 2 - startAfterMs + elapsedMs);
  } else if (device.scenario === "curfew" && elapsedMs < startAfterMs + scenarioTiming.curfewHomeForMs) {
    position = { ...curfewHome(track), speedKph: 0 };
  } else if (device.scenario === "curfew") {
    position = positionAt(track, elapsedMs - startAfterMs - scenarioTiming.curfewHomeForMs);
  }
  const fix = noisyFix(position, random);
  const tamper = device.scenario === "tamper" && eventStarted && elapsedMs < startAfterMs + scenarioTiming.tamperForMs;
  return {
    deviceId: device.serial,
    sequence: device.sequence,
    eventTime: now.toISOString(),
    ...fix,
    speedKph: Math.round(position.speedKph * 10) / 10,
    batteryPercent: Math.round(device.batteryPercent),
    strapTamper: tamper,
    charging: device.charging,
    signalStrength: Math.round(-70 - random() * 40),
  };
}

/** The HTTP gateway signature (docs/MONITORING.md "## Ingest"): sha256= hex HMAC-SHA256 of "<unix seconds>.<body>". */
export async function gatewayHeaders(key: string, secret: string, body: string, now: Date): Promise<Record<string, string>> {
  const { createHmac } = await import("node:crypto");
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
  return {
    "content-type": "application/json",
    "x-waypoint-key": key,
    "x-waypoint-timestamp": timestamp,
    "x-waypoint-signature": signature,
  };
}
