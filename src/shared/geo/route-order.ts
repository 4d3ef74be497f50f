import distance from "@turf/distance";

export type GeoPoint = { latitude: number; longitude: number };
export type OrderedRoute<T> = { stops: T[]; legsKm: number[]; totalKm: number };

/** Great-circle kilometres; straight lines are all an offline system can know without a road network. */
export const kilometresBetween = (a: GeoPoint, b: GeoPoint) =>
  distance([a.longitude, a.latitude], [b.longitude, b.latitude], { units: "kilometers" });

/** Up to this many stops the route is the exact shortest (Held–Karp, 2^n·n² steps: ~0.6 M at 12). */
const exactLimit = 12;

/**
 * Orders field stops into the shortest open route (it ends at the last stop), from `start` (the office or the officer's
 * position) when given. A day's visits are usually few enough to solve exactly; beyond that, nearest neighbour from every
 * first stop improved by 2-opt and or-opt until neither reversing a stretch nor moving one stop shortens it.
 */
export function orderRoute<T extends GeoPoint>(stops: readonly T[], start?: GeoPoint): OrderedRoute<T> {
  if (stops.length === 0) return { stops: [], legsKm: [], totalKm: 0 };
  const points: GeoPoint[] = start ? [start, ...stops] : [...stops];
  const between = points.map((from) => points.map((to) => kilometresBetween(from, to)));
  const fixedFirst = start ? 1 : 0; // the start point never moves
  let best: number[];
  if (stops.length <= exactLimit) best = shortestPath(between, fixedFirst === 1);
  else {
    best = [];
    let bestLength = Number.POSITIVE_INFINITY;
    for (const first of start ? [0] : points.map((_, index) => index)) {
      const path = improve(nearestNeighbour(between, first), between, fixedFirst);
      const length = pathLength(path, between);
      if (length < bestLength) [best, bestLength] = [path, length];
    }
  }
  const ordered = best.slice(fixedFirst).map((index) => stops[index - fixedFirst]!);
  const legsKm = best.slice(1).map((index, position) => between[best[position]!]![index]!);
  return { stops: ordered, legsKm: start ? legsKm : [0, ...legsKm], totalKm: pathLength(best, between) };
}

/** Held–Karp dynamic programme over subsets for the shortest open path through every point (point 0 first when fixed). */
function shortestPath(between: number[][], startFixed: boolean): number[] {
  const offset = startFixed ? 1 : 0;
  const count = between.length - offset;
  const full = (1 << count) - 1;
  const cost = Array.from({ length: full + 1 }, () => new Float64Array(count).fill(Number.POSITIVE_INFINITY));
  const previous = Array.from({ length: full + 1 }, () => new Int8Array(count).fill(-1));
  for (let stop = 0; stop < count; stop++) cost[1 << stop]![stop] = startFixed ? between[0]![stop + offset]! : 0;
  for (let mask = 1; mask <= full; mask++) {
    for (let last = 0; last < count; last++) {
      const here = cost[mask]![last]!;
      if (!(mask & (1 << last)) || here === Number.POSITIVE_INFINITY) continue;
      for (let next = 0; next < count; next++) {
        if (mask & (1 << next)) continue;
        const extended = mask | (1 << next);
        const candidate = here + between[last + offset]![next + offset]!;
        if (candidate < cost[extended]![next]!) {
          cost[extended]![next] = candidate;
          previous[extended]![next] = last;
        }
      }
    }
  }
  let last = 0;
  for (let stop = 1; stop < count; stop++) if (cost[full]![stop]! < cost[full]![last]!) last = stop;
  const path: number[] = [];
  for (let mask = full; last >= 0; ) {
    path.unshift(last + offset);
    const before = previous[mask]![last]!;
    mask &= ~(1 << last);
    last = before;
  }
  return startFixed ? [0, ...path] : path;
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
