import type { TodayItem } from "../../../../shared/contract/today";
import type { GeoPoint } from "../../../../shared/geo/route-order";

/** A worklist item chosen for the route, at its address's position. */
export type RouteStop = GeoPoint & { item: TodayItem };

export const routeListId = "route-stops";
/** The route list entry of a stop: markers on the map move focus there. */
export const stopElementId = (caseId: string) => `route-stop-${caseId}`;

/**
 * Pixel offsets that keep markers at the same place apart (people at one address, a shelter): each group of stops
 * within a few metres is spread on a small circle around the spot; a lone stop stays on it.
 */
export function markerOffsets(points: readonly GeoPoint[], radius = 18): [number, number][] {
  const spot = (point: GeoPoint) => `${point.latitude.toFixed(4)},${point.longitude.toFixed(4)}`;
  const groups = new Map<string, number>();
  for (const point of points) groups.set(spot(point), (groups.get(spot(point)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return points.map((point) => {
    const size = groups.get(spot(point)) ?? 1;
    if (size === 1) return [0, 0];
    const index = seen.get(spot(point)) ?? 0;
    seen.set(spot(point), index + 1);
    const angle = (2 * Math.PI * index) / size - Math.PI / 2;
    return [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))];
  });
}
