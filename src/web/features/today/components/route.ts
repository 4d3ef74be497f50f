import type { TodayItem } from "../../../../shared/contract/today";
import type { GeoPoint } from "../../../../shared/geo/route-order";

/** A worklist item chosen for the route, at its address's position. */
export type RouteStop = GeoPoint & { item: TodayItem };

export const routeListId = "route-stops";
/** The route list entry of a stop: markers on the map move focus there. */
export const stopElementId = (caseId: string) => `route-stop-${caseId}`;
