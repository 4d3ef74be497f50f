import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundingBox, polygonProblems, readFeatureCollection } from "./zone-geometry";

const earthRadius = 6_371_008.8;
const toRad = (degrees: number) => (degrees * Math.PI) / 180;
const toDeg = (radians: number) => (radians * 180) / Math.PI;

/** The point `metres` from (lat, lon) on `bearing` (great circle), independent of the code under test. */
function destination(lat: number, lon: number, metres: number, bearing: number): [number, number] {
  const angular = metres / earthRadius;
  const φ1 = toRad(lat);
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(angular) + Math.cos(φ1) * Math.sin(angular) * Math.cos(toRad(bearing)));
  const λ2 =
    toRad(lon) + Math.atan2(Math.sin(toRad(bearing)) * Math.sin(angular) * Math.cos(φ1), Math.cos(angular) - Math.sin(φ1) * Math.sin(φ2));
  return [toDeg(φ2), toDeg(λ2)];
}

describe("zone geometry", () => {
  it("boxes every point of a circle and its buffer ring, in any direction", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -70, max: 70, noNaN: true }),
        fc.double({ min: -170, max: 170, noNaN: true }),
        fc.integer({ min: 5, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (lat, lon, radius, buffer, bearing) => {
          const box = boundingBox({ type: "Circle", center: [lon, lat], radiusMeters: radius }, buffer);
          const [pointLat, pointLon] = destination(lat, lon, radius + buffer, bearing);
          expect(pointLat).toBeGreaterThanOrEqual(box.minLat);
          expect(pointLat).toBeLessThanOrEqual(box.maxLat);
          expect(pointLon).toBeGreaterThanOrEqual(box.minLon);
          expect(pointLon).toBeLessThanOrEqual(box.maxLon);
        },
      ),
    );
  });

  it("accepts any convex polygon and refuses it once two of its corners are swapped into a bow tie", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 40 }), fc.double({ min: 0.0005, max: 0.5, noNaN: true }), (corners, size) => {
        const ring = Array.from({ length: corners }, (_, index) => {
          const angle = (2 * Math.PI * index) / corners;
          return [-2.95 + size * Math.cos(angle), 53.43 + size * Math.sin(angle)] as [number, number];
        });
        expect(polygonProblems({ type: "Polygon", coordinates: [[...ring, ring[0]!]] })).toEqual([]);
        const crossed = [...ring];
        [crossed[1], crossed[2]] = [crossed[2]!, crossed[1]!];
        expect(polygonProblems({ type: "Polygon", coordinates: [[...crossed, crossed[0]!]] }).join()).toMatch(/crosses itself/);
      }),
    );
  });

  it("reports an open ring, too many vertices and a MultiPolygon's parts by feature", () => {
    const many = Array.from({ length: 2001 }, (_, index) => [Math.cos(index / 400), Math.sin(index / 400)] as [number, number]);
    const { features, issues } = readFeatureCollection(
      {
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { name: "Open" },
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                  [0, 1],
                ],
              ],
            },
          },
          { type: "Feature", properties: { name: "Huge" }, geometry: { type: "Polygon", coordinates: [[...many, many[0]]] } },
          {
            type: "Feature",
            properties: { name: "Two parts" },
            geometry: {
              type: "MultiPolygon",
              coordinates: [
                [
                  [
                    [0, 0],
                    [1, 0],
                    [1, 1],
                    [0, 0],
                  ],
                ],
                [
                  [
                    [2, 2],
                    [3, 2],
                    [3, 3],
                    [2, 2],
                  ],
                ],
              ],
            },
          },
        ],
      },
      "name",
    );
    expect(issues).toEqual([
      { field: "features.0", message: "the outer ring is not closed (its last point must repeat its first)" },
      { field: "features.1", message: "has 2001 vertices; at most 2000 are allowed" },
    ]);
    expect(features.map((feature) => feature.name)).toEqual(["Two parts (1)", "Two parts (2)"]);
  });
});
