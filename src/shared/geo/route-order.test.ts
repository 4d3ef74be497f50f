import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GeoPoint, kilometresBetween, orderRoute } from "./route-order";

const atlanta = { latitude: 33.749, longitude: -84.388 };
const stop = (id: string, latitude: number, longitude: number) => ({ id, latitude, longitude });

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}
const lengthOf = (points: GeoPoint[]) =>
  points.slice(1).reduce((total, point, index) => total + kilometresBetween(points[index]!, point), 0);

describe("route ordering", () => {
  it("measures great-circle distance", () => {
    // One degree of latitude on a sphere of radius 6,371 km is 6371 × π / 180 ≈ 111.195 km.
    expect(kilometresBetween({ latitude: 10, longitude: 20 }, { latitude: 11, longitude: 20 })).toBeCloseTo(111.195, 2);
  });

  it("visits stops along a street in order, from either end", () => {
    const street = [0, 1, 2, 3, 4, 5].map((step) => stop(`s${step}`, 33.7 + step * 0.01, -84.4));
    const shuffled = [street[3]!, street[0]!, street[5]!, street[1]!, street[4]!, street[2]!];
    const ids = orderRoute(shuffled).stops.map((entry) => entry.id);
    expect([ids.join(), [...ids].reverse().join()]).toContain("s0,s1,s2,s3,s4,s5");
    // From a start beyond the north end, the route runs south.
    expect(orderRoute(shuffled, { latitude: 33.8, longitude: -84.4 }).stops.map((entry) => entry.id)).toEqual([
      "s5",
      "s4",
      "s3",
      "s2",
      "s1",
      "s0",
    ]);
  });

  it("reports each leg and the total", () => {
    const route = orderRoute([stop("a", 33.7, -84.4), stop("b", 33.71, -84.4)], atlanta);
    expect(route.legsKm).toHaveLength(2);
    expect(route.totalKm).toBeCloseTo(route.legsKm[0]! + route.legsKm[1]!, 9);
    expect(orderRoute([])).toEqual({ stops: [], legsKm: [], totalKm: 0 });
  });

  it("finds the shortest route on small random days", () => {
    const point = fc.record({
      id: fc.uuid(),
      latitude: fc.double({ min: 33.5, max: 34, noNaN: true }),
      longitude: fc.double({ min: -84.7, max: -84.1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(point, { minLength: 1, maxLength: 7, selector: (entry) => entry.id }), (stops) => {
        const route = orderRoute(stops, atlanta);
        expect(route.stops.map((entry) => entry.id).sort()).toEqual(stops.map((entry) => entry.id).sort());
        const shortest = Math.min(...permutations(stops).map((order) => lengthOf([atlanta, ...order])));
        expect(route.totalKm).toBeCloseTo(shortest, 9);
      }),
      { numRuns: 100 },
    );
  });

  it("keeps long days short without trying every order: never longer than visiting them as listed", () => {
    const around = Array.from({ length: 30 }, (_, index) =>
      stop(`p${index}`, 33.75 + 0.2 * Math.sin(index * 2.4), -84.39 + 0.25 * Math.cos(index * 1.7)),
    );
    const route = orderRoute(around, atlanta);
    expect(new Set(route.stops.map((entry) => entry.id)).size).toBe(30);
    expect(route.totalKm).toBeLessThan(lengthOf([atlanta, ...around]) / 2);
  });
});
