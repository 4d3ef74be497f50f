import { lazy, Suspense } from "react";
import { Link } from "react-router";
import type { MapConfig } from "../../../../shared/contract/today";
import type { GeoPoint, OrderedRoute } from "../../../../shared/geo/route-order";
import { Alert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { Cautions } from "./cautions";
import { type RouteStop, routeListId, stopElementId } from "./route";
import { addressText, formatDistance } from "./today-text";
import type { MyLocation } from "./use-my-location";

// Leaflet is only downloaded by the officers who open this page.
const RouteMap = lazy(() => import("./route-map").then((module) => ({ default: module.RouteMap })));

type RoutePlanProps = {
  route: OrderedRoute<RouteStop>;
  start: GeoPoint | null;
  location: MyLocation;
  onStartFromLocation: (on: boolean) => void;
  mapConfig: MapConfig | undefined;
};

/** The chosen stops in the shortest order, as a numbered list (the accessible equivalent of the map) and on the map. */
export function RoutePlan({ route, start, location, onStartFromLocation, mapConfig }: RoutePlanProps) {
  const count = route.stops.length;
  return (
    <section aria-labelledby="route-heading" className="desktop:grid-col-5 margin-top-5 desktop:margin-top-0" data-testid="route">
      <h2 id="route-heading" tabIndex={-1}>
        Route
      </h2>
      <div className="usa-checkbox margin-bottom-2">
        <input
          className="usa-checkbox__input"
          id="start-from-location"
          type="checkbox"
          checked={location.status === "on" || location.status === "locating"}
          onChange={(event) => onStartFromLocation(event.target.checked)}
          aria-describedby="start-from-location-hint"
        />
        <label className="usa-checkbox__label" htmlFor="start-from-location">
          Start from my location
        </label>
        <span className="usa-checkbox__label-description" id="start-from-location-hint">
          Your browser asks before sharing it. Otherwise the route starts at the first stop.
        </span>
      </div>
      {location.status === "locating" ? <Loading label="Finding your location…" /> : null}
      {location.status === "unavailable" ? (
        <Alert type="info" slim role="status">
          {location.message}
        </Alert>
      ) : null}
      {count === 0 ? (
        <p data-testid="route-empty">No stops chosen. Add people with an address to the route from the worklist above.</p>
      ) : (
        <>
          <p className="text-bold" role="status" data-testid="route-total">
            {count} {count === 1 ? "stop" : "stops"}, {formatDistance(route.totalKm)} in total
          </p>
          <p className="font-sans-3xs margin-top-0">
            Distances are straight lines {start ? "from your location " : ""}between the addresses; the roads are longer. The order is the
            shortest through all chosen stops{start ? "" : ", beginning with the highest-priority one"}.
          </p>
          <RouteStops route={route} start={start} />
          <Suspense fallback={<Loading label="Loading the map…" />}>
            {mapConfig ? <RouteMap stops={route.stops} start={start} tiles={mapConfig} describedBy={routeListId} /> : null}
          </Suspense>
        </>
      )}
    </section>
  );
}

function RouteStops({ route, start }: { route: OrderedRoute<RouteStop>; start: GeoPoint | null }) {
  return (
    <ol className="usa-list usa-list--unstyled" id={routeListId} aria-label="Stops in route order">
      {route.stops.map((stop, index) => {
        const leg = route.legsKm[index] ?? 0;
        const distance =
          index === 0 ? (start ? `${formatDistance(leg)} from your location` : "First stop") : `${formatDistance(leg)} from stop ${index}`;
        return (
          <li
            key={stop.item.caseId}
            id={stopElementId(stop.item.caseId)}
            tabIndex={-1}
            className="waypoint-route-stop"
            data-testid="route-stop"
            data-case-id={stop.item.caseId}
          >
            <span className="waypoint-stop-number">
              <span className="usa-sr-only">Stop </span>
              {index + 1}
            </span>
            <div className="waypoint-route-stop__body">
              <Link className="usa-link text-bold" to={paths.people.person.getHref(stop.item.personId)}>
                {stop.item.personName}
              </Link>
              <span className="display-block">{stop.item.address ? addressText(stop.item.address) : ""}</span>
              <span className="display-block font-sans-3xs" data-testid="leg-distance">
                {distance}
              </span>
              <Cautions cautions={stop.item.cautions} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
