import type { AlertEvent, Reading, Zone } from "./types";

// Builders shared by the engine's tests (not used by the engine itself).

export const HOME: [number, number] = [-2.95, 53.43];
const M_PER_DEG_LAT = 111_195;

/** The point `north` and `east` metres from `origin` ([lon, lat]). */
export function offset(origin: [number, number], east: number, north: number): [number, number] {
  const [lon, lat] = origin;
  return [lon + east / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)), lat + north / M_PER_DEG_LAT];
}

export function reading(
  sequence: number,
  eventTime: Date | number,
  position: [number, number] | null,
  extra: Partial<Reading> = {},
): Reading {
  return {
    deviceId: "dev-1",
    sequence,
    eventTime: new Date(eventTime),
    longitude: position ? position[0] : null,
    latitude: position ? position[1] : null,
    accuracyMeters: 5,
    speedKph: null,
    batteryPercent: null,
    strapTamper: false,
    charging: null,
    signalStrength: null,
    alcoholMgPerL: null,
    ...extra,
  };
}

export function circleZone(id: string, center: [number, number], radiusMeters: number, extra: Partial<Zone> = {}): Zone {
  return {
    id,
    name: `Zone ${id}`,
    kind: "exclusion",
    geometry: { type: "Circle", center, radiusMeters },
    bufferMeters: 0,
    schedule: null,
    validFrom: new Date("2000-01-01T00:00:00Z"),
    validTo: null,
    ...extra,
  };
}

/** What stays raised once withdrawals are applied in the order the calls returned them (a key may come back): keys sorted. */
export function netAlertKeys(alerts: readonly AlertEvent[]): string[] {
  const raised = new Set<string>();
  for (const a of alerts) {
    if (a.kind === "alert_withdrawn") raised.delete(a.withdrawsKey!);
    else raised.add(a.key);
  }
  return [...raised].sort();
}

/** A small deterministic PRNG (mulberry32) so random tracks are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
