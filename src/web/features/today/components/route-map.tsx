import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { useEffect, useMemo, useState } from "react";
import { AttributionControl, LayerGroup, MapContainer, Marker, Polyline, ScaleControl, TileLayer, useMap } from "react-leaflet";
import type { MapConfig } from "../../../../shared/contract/today";
import type { GeoPoint } from "../../../../shared/geo/route-order";
import { markerOffsets, type RouteStop, stopElementId } from "./route";
import { addressText } from "./today-text";

type RouteMapProps = { stops: RouteStop[]; start: GeoPoint | null; tiles: MapConfig; describedBy: string };

const toLatLng = (point: GeoPoint): L.LatLngTuple => [point.latitude, point.longitude];

/**
 * A numbered marker drawn in HTML (Leaflet's default image markers break with bundlers). The number is visible; the name
 * for assistive technology is "Stop n: person, address". Built with DOM text nodes, so no data is read as HTML.
 */
function numberedIcon(label: string, visible: string, className: string, [dx, dy]: [number, number] = [0, 0]): L.DivIcon {
  const html = document.createElement("span");
  const number = document.createElement("span");
  number.setAttribute("aria-hidden", "true");
  number.textContent = visible;
  const name = document.createElement("span");
  name.className = "usa-sr-only";
  name.textContent = label;
  html.append(number, name);
  // A marker sharing its spot with others is drawn (dx, dy) pixels off it, so each stays visible and clickable.
  return L.divIcon({ html, className, iconSize: [28, 28], iconAnchor: [14 - dx, 14 - dy], tooltipAnchor: [0, -15] });
}

/** Leaflet reads attribution as HTML; the agency's text is shown as text. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The chosen stops and the straight-line route on a Leaflet map; the numbered list it is described by says the same in text. */
export function RouteMap({ stops, start, tiles, describedBy }: RouteMapProps) {
  const points = useMemo(() => [...(start ? [start] : []), ...stops].map(toLatLng), [start, stops]);
  const icons = useMemo(() => {
    const offsets = markerOffsets(stops);
    return stops.map((stop, index) =>
      numberedIcon(
        `Stop ${index + 1}: ${stop.item.personName}, ${stop.item.address ? addressText(stop.item.address) : ""}`,
        String(index + 1),
        "waypoint-map-marker",
        offsets[index],
      ),
    );
  }, [stops]);
  const startIcon = useMemo(() => numberedIcon("Start: your location", "▶", "waypoint-map-marker waypoint-map-marker--start"), []);
  const [tilesFailed, setTilesFailed] = useState(false);
  const label = `Map of the route: ${stops.length} ${stops.length === 1 ? "stop" : "stops"}${start ? " from your location" : ""}`;

  return (
    <div className="waypoint-map-frame" data-testid="route-map">
      <MapContainer
        className="waypoint-map"
        bounds={L.latLngBounds(points)}
        boundsOptions={{ padding: [36, 36], maxZoom: 15 }}
        // The page scrolls under the wheel and, on phones, under a finger; the zoom buttons and keyboard still work.
        scrollWheelZoom={false}
        dragging={!L.Browser.mobile}
        attributionControl={false}
      >
        <MapAccessibility label={label} describedBy={describedBy} />
        <FitToRoute points={points} />
        {tiles.tileUrl ? (
          <>
            <TileLayer
              url={tiles.tileUrl}
              attribution={tiles.attribution ? escapeHtml(tiles.attribution) : ""}
              eventHandlers={{ tileerror: () => setTilesFailed(true) }}
            />
            <AttributionControl prefix={false} />
          </>
        ) : null}
        <ScaleControl position="bottomleft" />
        <Polyline
          positions={points}
          interactive={false}
          smoothFactor={0}
          // A creation option, not a path option: react-leaflet applies pathOptions with setStyle, which sets no
          // class, so in the production build (no StrictMode re-creation) the line had none.
          className="waypoint-route-line"
          pathOptions={{ color: "#1a4480", weight: 4 }}
        />
        {start ? <Marker position={toLatLng(start)} icon={startIcon} interactive={false} keyboard={false} /> : null}
        {/* Recreated whenever the order changes: Leaflet appends markers to the page, and their order is the keyboard order. */}
        <LayerGroup key={stops.map((stop) => stop.item.caseId).join(",")}>
          {stops.map((stop, index) => (
            <Marker
              key={stop.item.caseId}
              position={toLatLng(stop)}
              icon={icons[index]!}
              eventHandlers={{ click: () => document.getElementById(stopElementId(stop.item.caseId))?.focus() }}
              ref={bindStopTooltip(`${index + 1}. ${stop.item.personName}`)}
            />
          ))}
        </LayerGroup>
      </MapContainer>
      <p className="font-sans-3xs margin-top-05">
        {tiles.tileUrl === null
          ? "No background map is configured for this agency: the map shows the stops and the route only."
          : tilesFailed
            ? "The background map could not be loaded: the map shows the stops and the route only."
            : null}{" "}
        Select a numbered marker to go to that stop in the list.
      </p>
    </div>
  );
}

/**
 * The marker's tooltip, with its text in place before it opens: react-leaflet's <Tooltip> renders its children only
 * once the tooltip has opened, so for a moment the page held a role="tooltip" element with no name (axe caught it).
 * A DOM text node, so a name is never read as HTML.
 */
function bindStopTooltip(text: string) {
  return (marker: L.Marker | null) => {
    if (!marker) return;
    const current = marker.getTooltip()?.getContent();
    if (current instanceof HTMLElement && current.textContent === text) return;
    const label = document.createElement("span");
    label.textContent = text;
    marker.unbindTooltip().bindTooltip(label, { direction: "top" });
  };
}

/**
 * Leaflet's container is focusable (arrow keys pan, + and − zoom) but has no role or name: give it both, and point to the
 * numbered list that carries the same information.
 */
function MapAccessibility({ label, describedBy }: { label: string; describedBy: string }) {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    container.setAttribute("role", "region");
    container.setAttribute("aria-roledescription", "map");
    container.setAttribute("aria-label", label);
    container.setAttribute("aria-describedby", describedBy);
  }, [map, label, describedBy]);
  return null;
}

/** Keeps every stop in view when the chosen stops or the start change. */
function FitToRoute({ points }: { points: L.LatLngTuple[] }) {
  const map = useMap();
  const key = JSON.stringify(points);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the coordinates change, not on every new array
  useEffect(() => {
    if (points.length === 0) return;
    map.fitBounds(L.latLngBounds(points), { padding: [36, 36], maxZoom: 15 });
  }, [map, key]);
  return null;
}
