import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { distance } from "@turf/distance";
import { point, polygon } from "@turf/helpers";
import { pointToPolygonDistance } from "@turf/point-to-polygon-distance";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileZone, INSIDE, OUTSIDE, observe, signedDistanceMeters, UNCERTAIN } from "./geometry";
import type { Zone } from "./types";
import { ZoneIndex } from "./zone-index";

// The engine's containment is its own code; turf is the independent reference here.

function zone(geometry: Zone["geometry"], kind: Zone["kind"] = "exclusion", bufferMeters = 0): Zone {
  return { id: "z", name: "Zone", kind, geometry, bufferMeters, schedule: null, validFrom: new Date(0), validTo: null };
}

/** A random star-shaped (hence simple) polygon around a centre: sorted angles, random radii. */
const starPolygon = fc
  .record({
    lon: fc.double({ min: -170, max: 170, noNaN: true }),
    lat: fc.double({ min: -70, max: 70, noNaN: true }),
    scale: fc.double({ min: 50, max: 5000, noNaN: true }), // metres
    vertices: fc.array(
      fc.record({ angle: fc.double({ min: 0, max: 1, noNaN: true }), radius: fc.double({ min: 0.15, max: 1, noNaN: true }) }),
      {
        minLength: 3,
        maxLength: 24,
      },
    ),
  })
  .map(({ lon, lat, scale, vertices }) => {
    const sorted = [...vertices].sort((a, b) => a.angle - b.angle);
    // Spread angles over the full turn so the centre stays inside the kernel.
    const ring = sorted.map((v, i) => {
      const angle = ((i + v.angle) / sorted.length) * 2 * Math.PI;
      const r = (v.radius * scale) / 111_195;
      return [lon + (r * Math.cos(angle)) / Math.cos((lat * Math.PI) / 180), lat + r * Math.sin(angle)];
    });
    ring.push(ring[0]!);
    return { lon, lat, scale, ring };
  });

describe("zone containment against turf", () => {
  it("agrees with turf's booleanPointInPolygon on random star polygons for points more than 1 m from the boundary", () => {
    let compared = 0;
    fc.assert(
      fc.property(
        starPolygon,
        fc.array(fc.tuple(fc.double({ min: -1.3, max: 1.3, noNaN: true }), fc.double({ min: -1.3, max: 1.3, noNaN: true })), {
          minLength: 20,
          maxLength: 20,
        }),
        ({ lon, lat, scale, ring }, offsets) => {
          const compiled = compileZone(zone({ type: "Polygon", coordinates: [ring] }));
          const turfPolygon = polygon([ring]);
          for (const [dx, dy] of offsets) {
            const p: [number, number] = [lon + (dx * scale) / 111_195 / Math.cos((lat * Math.PI) / 180), lat + (dy * scale) / 111_195];
            const reference = booleanPointInPolygon(p, turfPolygon);
            const fromBoundary = Math.abs(pointToPolygonDistance(point(p), turfPolygon, { units: "meters" }));
            if (fromBoundary <= 1) continue;
            const d = signedDistanceMeters(compiled, p[0], p[1], Number.POSITIVE_INFINITY);
            expect(d < 0, `point ${p} (${fromBoundary.toFixed(2)} m from the boundary)`).toBe(reference);
            // Distances in metres agree with turf's within 1 % (local projection vs great circle).
            expect(Math.abs(Math.abs(d) - fromBoundary)).toBeLessThanOrEqual(0.01 * fromBoundary + 0.5);
            compared++;
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(3000);
  });

  it("agrees with turf's distance for circle zones", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: 10, max: 3000, noNaN: true }),
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        (lon, lat, radius, dLon, dLat) => {
          const compiled = compileZone(zone({ type: "Circle", center: [lon, lat], radiusMeters: radius }));
          const p: [number, number] = [lon + dLon, lat + dLat];
          const reference = distance([lon, lat], p, { units: "meters" });
          if (Math.abs(reference - radius) <= 1) return;
          const d = signedDistanceMeters(compiled, p[0], p[1], Number.POSITIVE_INFINITY);
          expect(d < 0).toBe(reference < radius);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("holes are outside", () => {
    const outer = [
      [0, 0],
      [0.01, 0],
      [0.01, 0.01],
      [0, 0.01],
      [0, 0],
    ];
    const hole = [
      [0.004, 0.004],
      [0.006, 0.004],
      [0.006, 0.006],
      [0.004, 0.006],
      [0.004, 0.004],
    ];
    const compiled = compileZone(zone({ type: "Polygon", coordinates: [outer, hole] }));
    expect(signedDistanceMeters(compiled, 0.005, 0.005, Number.POSITIVE_INFINITY)).toBeGreaterThan(100);
    expect(signedDistanceMeters(compiled, 0.002, 0.002, Number.POSITIVE_INFINITY)).toBeLessThan(-100);
  });
});

describe("accuracy-aware observation", () => {
  const circle = compileZone(zone({ type: "Circle", center: [0, 0], radiusMeters: 100 }, "exclusion", 200));
  const metres = (m: number) => m / 111_195;

  it("is inside only when inside by more than the accuracy, outside only beyond buffer + accuracy, else uncertain", () => {
    expect(observe(circle, 0, metres(50), 20)).toBe(INSIDE); // 50 m inside, ±20
    expect(observe(circle, 0, metres(90), 20)).toBe(UNCERTAIN); // 10 m inside, ±20
    expect(observe(circle, 0, metres(110), 20)).toBe(UNCERTAIN); // 10 m outside, ±20
    expect(observe(circle, 0, metres(200), 20)).toBe(1); // 100 m into the 200 m ring: approaching
    expect(observe(circle, 0, metres(290), 20)).toBe(UNCERTAIN); // 10 m from the ring's edge
    expect(observe(circle, 0, metres(400), 20)).toBe(OUTSIDE);
    expect(observe(circle, 0, metres(400), 250)).toBe(UNCERTAIN);
  });
});

describe("zone index", () => {
  it("returns the same zones as a scan of every zone, for thousands of zones", () => {
    const zones: Zone[] = [];
    for (let i = 0; i < 3000; i++) {
      const lon = -3 + ((i * 7919) % 1000) / 5000;
      const lat = 53.3 + ((i * 104729) % 1000) / 5000;
      zones.push({ ...zone({ type: "Circle", center: [lon, lat], radiusMeters: 50 + (i % 200) }, "exclusion", i % 300), id: `z${i}` });
    }
    const index = new ZoneIndex(zones);
    fc.assert(
      fc.property(fc.double({ min: -3.05, max: -2.75, noNaN: true }), fc.double({ min: 53.25, max: 53.55, noNaN: true }), (lon, lat) => {
        const found: string[] = [];
        index.forCandidates(lon, lat, 30, (z) => {
          if (observe(z, lon, lat, 30) !== OUTSIDE) found.push(z.id);
        });
        const expected = zones.filter((z) => observe(compileZone(z), lon, lat, 30) !== OUTSIDE).map((z) => z.id);
        expect(found.sort()).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });
});
