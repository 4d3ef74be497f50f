import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  breachPoint,
  createDevices,
  metresBetween,
  nextReading,
  noisyFix,
  parseRoute14,
  positionAt,
  scenarioTiming,
  seededRandom,
} from "./device-simulator";

// The real trajectory beside the project (shared data, read at run time); the synthetic track below covers the rest.
const route14 = join(import.meta.dirname, "../../../shared/data/gps/route14_outbound.csv");
const synthetic = [
  '"id","vehicle_id","trip_id","timestamp","latitude","longitude","bearing"',
  '1,"1","1","2026-01-26 15:00:00",53.40,-2.90,',
  '2,"1","1","2026-01-26 15:01:00",53.41,-2.90,10',
  '3,"1","2","2026-01-26 18:00:00",53.40,-2.90,',
].join("\n");

describe("device simulator", () => {
  it("replays a track by time, interpolating between fixes and never faster than a vehicle goes", () => {
    const track = parseRoute14(synthetic);
    expect(positionAt(track, 0)).toMatchObject({ latitude: 53.4, longitude: -2.9 });
    expect(positionAt(track, 30_000).latitude).toBeCloseTo(53.405, 6);
    // 1.1 km in a minute is 67 km/h.
    expect(positionAt(track, 30_000).speedKph).toBeCloseTo(66.7, 0);
    // The 3-hour pause between trips is shortened, and the jump back is travelled at a plausible speed.
    for (let offset = 0; offset < track.durationMs * 2; offset += 5_000) expect(positionAt(track, offset).speedKph).toBeLessThan(131);
  });

  it.runIf(existsSync(route14))("reads the real route 14 trajectory: in Liverpool's box, every speed plausible", () => {
    const track = parseRoute14(readFileSync(route14, "utf8"));
    expect(track.points.length).toBeGreaterThan(1000);
    for (let offset = 0; offset < track.durationMs; offset += 30_000) {
      const { latitude, longitude, speedKph } = positionAt(track, offset);
      expect(latitude).toBeGreaterThanOrEqual(53.4067);
      expect(latitude).toBeLessThanOrEqual(53.4624);
      expect(longitude).toBeGreaterThanOrEqual(-2.9849);
      expect(longitude).toBeLessThanOrEqual(-2.8937);
      expect(speedKph).toBeLessThan(131);
    }
  });

  it("adds GPS noise in proportion to the accuracy it reports", () => {
    const random = seededRandom(1);
    const at = { latitude: 53.43, longitude: -2.93 };
    const fixes = Array.from({ length: 2000 }, () => noisyFix(at, random));
    const withinAccuracy = fixes.filter((fix) => metresBetween(at, fix) <= fix.accuracyMeters).length / fixes.length;
    // The accuracy is a ~68 % radius: most fixes fall inside it, not all.
    expect(withinAccuracy).toBeGreaterThan(0.5);
    expect(withinAccuracy).toBeLessThan(0.85);
    expect(Math.max(...fixes.map((fix) => fix.accuracyMeters))).toBeGreaterThan(30);
  });

  it("plays the scenarios: the breach device reaches the breach point, tamper and signal loss at their time", () => {
    const track = parseRoute14(synthetic);
    const random = seededRandom(3);
    const [breach, tamper, silent] = createDevices(["B", "T", "S"], track, ["breach", "tamper", "signal-loss"], random);
    const at = scenarioTiming.startAfterMs + 1_000;
    const now = new Date();
    const breachReading = nextReading(breach!, track, now, scenarioTiming.startAfterMs, 1_000, random)!;
    expect(metresBetween(breachReading, breachPoint(track))).toBeLessThan(300);
    expect(nextReading(tamper!, track, now, 1_000, 1_000, random)?.strapTamper).toBe(false);
    let tampered = nextReading(tamper!, track, now, at, 1_000, random);
    while (!tampered) tampered = nextReading(tamper!, track, now, at, 1_000, random); // past a random short gap
    expect(tampered.strapTamper).toBe(true);
    expect(nextReading(silent!, track, now, at, 1_000, random)).toBeNull();
    // Sequences only go up, gaps included.
    const sequences = Array.from(
      { length: 200 },
      (_, index) => nextReading(tamper!, track, now, index * 1000, 1000, random)?.sequence ?? null,
    );
    const sent = sequences.filter((sequence): sequence is number => sequence !== null);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
  });
});
