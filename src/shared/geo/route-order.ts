import distance from "@turf/distance";

export type GeoPoint = { latitude: number; longitude: number };
export type OrderedRoute<T> = { stops: T[]; legsKm: number[]; totalKm: number };

/** Great-circle kilometres; straight lines are all an offline system can know without a road network. */
export const kilometresBetween = (a: GeoPoint, b: GeoPoint) =>
  distance([a.longitude, a.latitude], [b.longitude, b.latitude], { units: "kilometers" });

/** Up to this many stops after the start the route is the exact shortest (Held–Karp, 2^n·n² steps: ~0.6 M at 12). */
const exactLimit = 12;
/** Routes whose lengths differ by less than this (km, a micrometre) are equally short: rounding is no reason to pick one. */
const sameLength = 1e-9;

/**
 * Where a route begins. Without a start an open route and its reverse are equally short, so the direction would depend on
 * the order the stops happen to be listed in; every caller says where to begin: the officer's position when known, or else
 * the highest-priority stop (the highest `priorityOf`; the first listed among equals).
 */
export type RouteStart<T> = { location: GeoPoint } | { priorityOf: (stop: T) => number };

/**
 * Orders field stops into the shortest open route (it ends at the last stop) from `start`: the officer's location, or the
 * highest-priority stop, which comes first. A day's visits are usually few enough to solve exactly; beyond that, nearest
 * neighbour from the start improved by 2-opt and or-opt until neither reversing a stretch nor moving one stop shortens it.
 * Among equally short routes the one reaching earlier-listed stops sooner wins, so the answer never depends on rounding.
 */
export function orderRoute<T extends GeoPoint>(stops: readonly T[], start: RouteStart<T>): OrderedRoute<T> {
  if (stops.length === 0) return { stops: [], legsKm: [], totalKm: 0 };
  const fromLocation = "location" in start;
  const firstIndex = fromLocation ? -1 : highestPriority(stops, start.priorityOf);
  // Point 0 is where the route begins and never moves; the other stops keep their listed order (the tie-break).
  const rest = stops.filter((_, index) => index !== firstIndex);
  const points: GeoPoint[] = fromLocation ? [start.location, ...rest] : [stops[firstIndex]!, ...rest];
  const between = points.map((from) => points.map((to) => kilometresBetween(from, to)));
  const best = points.length - 1 <= exactLimit ? shortestPath(between) : improve(nearestNeighbour(between, 0), between, 1);
  const legsKm = best.slice(1).map((index, position) => between[best[position]!]![index]!);
  // Point 0 is the first stop itself when no location is given; stop i of `rest` is point i + 1.
  const ordered = best.slice(fromLocation ? 1 : 0).map((index) => (index === 0 ? stops[firstIndex]! : rest[index - 1]!));
  return { stops: ordered, legsKm: fromLocation ? legsKm : [0, ...legsKm], totalKm: pathLength(best, between) };
}

/** The index of the highest-priority stop; the first listed among equals. */
function highestPriority<T>(stops: readonly T[], priorityOf: (stop: T) => number): number {
  let best = 0;
  for (let index = 1; index < stops.length; index++) if (priorityOf(stops[index]!) > priorityOf(stops[best]!)) best = index;
  return best;
}

/**
 * Held–Karp over subsets for the shortest open path from point 0 through every other point. `remaining[mask][last]` is
 * the shortest way on from `last` through the points outside `mask`; the path is then read forwards, taking the
 * lowest-numbered next point among equally short ways on.
 */
function shortestPath(between: number[][]): number[] {
  const count = between.length - 1; // points 1..count, bit (point - 1)
  const full = (1 << count) - 1;
  const remaining = Array.from({ length: full + 1 }, () => new Float64Array(count + 1).fill(Number.POSITIVE_INFINITY));
  remaining[full]!.fill(0);
  for (let mask = full - 1; mask >= 0; mask--) {
    for (let last = 0; last <= count; last++) {
      if (last > 0 ? !(mask & (1 << (last - 1))) : mask !== 0) continue;
      let shortest = Number.POSITIVE_INFINITY;
      for (let next = 1; next <= count; next++) {
        if (mask & (1 << (next - 1))) continue;
        shortest = Math.min(shortest, between[last]![next]! + remaining[mask | (1 << (next - 1))]![next]!);
      }
      remaining[mask]![last] = shortest;
    }
  }
  const path = [0];
  for (let mask = 0, last = 0; mask !== full; ) {
    const from = last;
    const visited = mask;
    const wayOn = (next: number) => between[from]![next]! + remaining[visited | (1 << (next - 1))]![next]!;
    let chosen = 1;
    while (visited & (1 << (chosen - 1)) || wayOn(chosen) > remaining[visited]![from]! + sameLength) chosen++;
    path.push(chosen);
    mask |= 1 << (chosen - 1);
    last = chosen;
  }
  return path;
}

function nearestNeighbour(between: number[][], first: number): number[] {
  const path = [first];
  const left = new Set(between.map((_, index) => index).filter((index) => index !== first));
  while (left.size > 0) {
    const from = path[path.length - 1]!;
    let next = -1;
    for (const candidate of left) if (next < 0 || between[from]![candidate]! < between[from]![next]!) next = candidate;
    path.push(next);
    left.delete(next);
  }
  return path;
}

/** Local search on the open path; the first `fixed` points stay where they are. */
function improve(path: number[], between: number[][], fixed: number): number[] {
  const route = [...path];
  const leg = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? 0 : between[a]![b]!);
  const first = Math.max(fixed, 1);
  let improved = true;
  while (improved) {
    improved = false;
    // 2-opt: reverse route[i..j] when that is shorter.
    for (let i = first; i < route.length - 1; i++) {
      for (let j = i + 1; j < route.length; j++) {
        const before = leg(route[i - 1], route[i]) + leg(route[j], route[j + 1]);
        const after = leg(route[i - 1], route[j]) + leg(route[i], route[j + 1]);
        if (after < before - 1e-9) {
          route.splice(i, j - i + 1, ...route.slice(i, j + 1).reverse());
          improved = true;
        }
      }
    }
    // Or-opt: move one stop elsewhere when that is shorter (reaches orders 2-opt alone cannot, e.g. a detour at the end).
    for (let from = fixed; from < route.length; from++) {
      const stop = route[from]!;
      const removedGain = leg(route[from - 1], stop) + leg(stop, route[from + 1]) - leg(route[from - 1], route[from + 1]);
      const rest = [...route.slice(0, from), ...route.slice(from + 1)];
      for (let to = fixed; to <= rest.length; to++) {
        if (to === from) continue;
        const insertCost = leg(rest[to - 1], stop) + leg(stop, rest[to]) - leg(rest[to - 1], rest[to]);
        if (insertCost < removedGain - 1e-9) {
          route.splice(0, route.length, ...rest.slice(0, to), stop, ...rest.slice(to));
          improved = true;
          break;
        }
      }
    }
  }
  return route;
}

function pathLength(path: number[], between: number[][]): number {
  let total = 0;
  for (let index = 1; index < path.length; index++) total += between[path[index - 1]!]![path[index]!]!;
  return total;
}
