import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GeoPoint, kilometresBetween, orderRoute } from "./route-order";

const atlanta = { latitude: 33.749, longitude: -84.388 };
const stop = (id: string, latitude: number, longitude: number, priority = 0) => ({ id, latitude, longitude, priority });
type Stop = ReturnType<typeof stop>;
const byPriority = { priorityOf: (entry: Stop) => entry.priority };
const idsOf = (route: { stops: Stop[] }) => route.stops.map((entry) => entry.id);

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}
const lengthOf = (points: GeoPoint[]) =>
  points.slice(1).reduce((total, point, index) => total + kilometresBetween(points[index]!, point), 0);

const point = fc.record({
  id: fc.uuid(),
  latitude: fc.double({ min: 33.5, max: 34, noNaN: true }),
  longitude: fc.double({ min: -84.7, max: -84.1, noNaN: true }),
  priority: fc.integer({ min: 0, max: 3 }),
});
const day = (maxLength: number) => fc.uniqueArray(point, { minLength: 1, maxLength, selector: (entry) => entry.id });

describe("route ordering", () => {
  it("measures great-circle distance", () => {
    // One degree of latitude on a sphere of radius 6,371 km is 6371 × π / 180 ≈ 111.195 km.
    expect(kilometresBetween({ latitude: 10, longitude: 20 }, { latitude: 11, longitude: 20 })).toBeCloseTo(111.195, 2);
  });

  const street = [0, 1, 2, 3, 4, 5].map((step) => stop(`s${step}`, 33.7 + step * 0.01, -84.4));
  const shuffled = [street[3]!, street[0]!, street[5]!, street[1]!, street[4]!, street[2]!];

  it("runs from the officer's location: along a street from the nearer end, whatever order the stops are listed in", () => {
    const north = { location: { latitude: 33.8, longitude: -84.4 } };
    const south = { location: { latitude: 33.6, longitude: -84.4 } };
    for (const listed of [street, shuffled, [...street].reverse()]) {
      expect(idsOf(orderRoute(listed, north))).toEqual(["s5", "s4", "s3", "s2", "s1", "s0"]);
      expect(idsOf(orderRoute(listed, south))).toEqual(["s0", "s1", "s2", "s3", "s4", "s5"]);
    }
  });

  it("without a location starts at the highest-priority stop, so a route and its reverse never tie", () => {
    // Along a street, s0→s5 and s5→s0 are equally short; the priority decides the direction, not the listing.
    const withPriority = (first: string) => shuffled.map((entry) => ({ ...entry, priority: entry.id === first ? 2 : 1 }));
    for (const listed of [withPriority("s0"), [...withPriority("s0")].reverse()])
      expect(idsOf(orderRoute(listed, byPriority))).toEqual(["s0", "s1", "s2", "s3", "s4", "s5"]);
    for (const listed of [withPriority("s5"), [...withPriority("s5")].reverse()])
      expect(idsOf(orderRoute(listed, byPriority))).toEqual(["s5", "s4", "s3", "s2", "s1", "s0"]);
    // From near one end, the shorter way is to finish that end first: s1, s0 then north (0.06° against 0.09°).
    expect(idsOf(orderRoute(withPriority("s1"), byPriority))).toEqual(["s1", "s0", "s2", "s3", "s4", "s5"]);
    // Among equal priorities the first listed comes first.
    expect(idsOf(orderRoute(shuffled, byPriority))[0]).toBe("s3");
  });

  it("breaks ties between equally short routes towards the stop listed first (the higher priority)", () => {
    // East and west of the first stop at the same distance: either way round is as short.
    const centre = stop("centre", 33.75, -84.39, 9);
    const west = stop("west", 33.75, -84.4);
    const east = stop("east", 33.75, -84.38);
    expect(idsOf(orderRoute([centre, west, east], byPriority))).toEqual(["centre", "west", "east"]);
    expect(idsOf(orderRoute([centre, east, west], byPriority))).toEqual(["centre", "east", "west"]);
    expect(idsOf(orderRoute([east, west, centre], byPriority))).toEqual(["centre", "east", "west"]);
    // The same from a location halfway between two stops.
    const midway = { location: { latitude: 33.75, longitude: -84.39 } };
    expect(idsOf(orderRoute([west, east], midway))).toEqual(["west", "east"]);
    expect(idsOf(orderRoute([east, west], midway))).toEqual(["east", "west"]);
  });

  it("reports each leg and the total", () => {
    const route = orderRoute([stop("a", 33.7, -84.4), stop("b", 33.71, -84.4)], { location: atlanta });
    expect(route.legsKm).toHaveLength(2);
    expect(route.totalKm).toBeCloseTo(route.legsKm[0]! + route.legsKm[1]!, 9);
    const withoutLocation = orderRoute([stop("a", 33.7, -84.4), stop("b", 33.71, -84.4, 1)], byPriority);
    expect(idsOf(withoutLocation)).toEqual(["b", "a"]);
    expect(withoutLocation.legsKm).toEqual([0, kilometresBetween(withoutLocation.stops[0]!, withoutLocation.stops[1]!)]);
    expect(orderRoute([], byPriority)).toEqual({ stops: [], legsKm: [], totalKm: 0 });
    expect(idsOf(orderRoute([stop("only", 33.7, -84.4)], byPriority))).toEqual(["only"]);
  });

  it("finds the shortest route from a location on small random days", () => {
    fc.assert(
      fc.property(day(7), (stops) => {
        const route = orderRoute(stops, { location: atlanta });
        expect(route.stops.map((entry) => entry.id).sort()).toEqual(stops.map((entry) => entry.id).sort());
        const shortest = Math.min(...permutations(stops).map((order) => lengthOf([atlanta, ...order])));
        expect(route.totalKm).toBeCloseTo(shortest, 9);
      }),
      { numRuns: 100 },
    );
  });

  it("without a location: starts at the highest priority, visits each stop once, is the shortest such route, and ignores the listing", () => {
    fc.assert(
      fc.property(day(7), fc.nat(), (stops, seed) => {
        const route = orderRoute(stops, byPriority);
        const top = Math.max(...stops.map((entry) => entry.priority));
        expect(route.stops[0]).toBe(stops.find((entry) => entry.priority === top));
        expect(route.stops.map((entry) => entry.id).sort()).toEqual(stops.map((entry) => entry.id).sort());
        expect(route.legsKm[0]).toBe(0);
        expect(route.totalKm).toBeCloseTo(
          route.legsKm.reduce((total, leg) => total + leg, 0),
          9,
        );
        expect(route.totalKm).toBeCloseTo(lengthOf(route.stops), 9);
        const rest = stops.filter((entry) => entry !== route.stops[0]);
        const shortest = Math.min(...permutations(rest).map((order) => lengthOf([route.stops[0]!, ...order])));
        expect(route.totalKm).toBeCloseTo(shortest, 9);
        // Listing the others in another order gives a route as short, from the same first stop (it may differ only among
        // equally short orders, e.g. when two stops share an address).
        const relisted = orderRoute([route.stops[0]!, ...rest.map((_, index) => rest[(index + seed) % rest.length]!)], byPriority);
        expect(relisted.stops[0]).toBe(route.stops[0]);
        expect(relisted.totalKm).toBeCloseTo(route.totalKm, 9);
      }),
      { numRuns: 100 },
    );
  });

  it("keeps long days short without trying every order: never longer than visiting them as listed", () => {
    const around = Array.from({ length: 30 }, (_, index) =>
      stop(`p${index}`, 33.75 + 0.2 * Math.sin(index * 2.4), -84.39 + 0.25 * Math.cos(index * 1.7), index === 7 ? 1 : 0),
    );
    const route = orderRoute(around, { location: atlanta });
    expect(new Set(route.stops.map((entry) => entry.id)).size).toBe(30);
    expect(route.totalKm).toBeLessThan(lengthOf([atlanta, ...around]) / 2);
    const fromPriority = orderRoute(around, byPriority);
    expect(fromPriority.stops[0]?.id).toBe("p7");
    expect(new Set(fromPriority.stops.map((entry) => entry.id)).size).toBe(30);
    expect(fromPriority.totalKm).toBeCloseTo(lengthOf(fromPriority.stops), 9);
    expect(fromPriority.totalKm).toBeLessThan(lengthOf(around) / 2);
  });
});
