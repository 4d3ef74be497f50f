import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { useEffect } from "react";
import { AttributionControl, TileLayer, useMap } from "react-leaflet";
import type { MapConfig } from "../../../../../shared/contract/today";

// What the monitoring maps share with the Today route map: HTML markers (no images to bundle), an accessible name on
// Leaflet's focusable container, tiles only when the agency configured them, and a note when they are missing.

export type LatLng = { latitude: number; longitude: number };
export const toLatLng = (point: LatLng): L.LatLngTuple => [point.latitude, point.longitude];

/** A round HTML marker with visible short text and a full name for assistive technology; DOM text, never HTML. */
export function labelledIcon(label: string, visible: string, modifier = ""): L.DivIcon {
  const html = document.createElement("span");
  const short = document.createElement("span");
  short.setAttribute("aria-hidden", "true");
  short.textContent = visible;
  const name = document.createElement("span");
  name.className = "usa-sr-only";
  name.textContent = label;
  html.append(short, name);
  return L.divIcon({ html, className: `waypoint-map-marker${modifier ? ` ${modifier}` : ""}`, iconSize: [28, 28], iconAnchor: [14, 14] });
}

/** Leaflet reads attribution as HTML; the agency's text is shown as text. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The agency's background tiles, if any; a failed tile is reported once so the page can say the map has no background. */
export function AgencyTiles({ tiles, onFailed }: { tiles: MapConfig; onFailed: () => void }) {
  if (!tiles.tileUrl) return null;
  return (
    <>
      <TileLayer
        url={tiles.tileUrl}
        attribution={tiles.attribution ? escapeHtml(tiles.attribution) : ""}
        eventHandlers={{ tileerror: onFailed }}
      />
      <AttributionControl prefix={false} />
    </>
  );
}

export function tilesNote(tiles: MapConfig, failed: boolean): string | null {
  if (tiles.tileUrl === null) return "No background map is configured for this agency: the map shows positions only.";
  if (failed) return "The background map could not be loaded: the map shows positions only.";
  return null;
}

/** Leaflet's container is focusable (arrows pan, + and − zoom) but unnamed: give it a role, a name and its text twin. */
export function MapAccessibility({ label, describedBy }: { label: string; describedBy: string }) {
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

/** Keeps the given points in view when they change (not on every render). */
export function FitToPoints({ points }: { points: L.LatLngTuple[] }) {
  const map = useMap();
  const key = JSON.stringify(points);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the coordinates change
  useEffect(() => {
    if (points.length === 0) return;
    map.fitBounds(L.latLngBounds(points), { padding: [36, 36], maxZoom: 16 });
  }, [map, key]);
  return null;
}

/** Reports clicks on the map (a place chosen by pointer; the form's fields are the keyboard way). */
export function MapClicks({ onClick }: { onClick: (point: LatLng) => void }) {
  const map = useMap();
  useEffect(() => {
    const handler = (event: L.LeafletMouseEvent) => onClick({ latitude: event.latlng.lat, longitude: event.latlng.lng });
    map.on("click", handler);
    return () => {
      map.off("click", handler);
    };
  }, [map, onClick]);
  return null;
}

/** "3 minutes ago", "2 hours ago", "just now": the age of a fix in words. */
export function timeSince(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 60) return "less than a minute ago";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} ${minutes === 1 ? "minute" : "minutes"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} ${hours === 1 ? "hour" : "hours"} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

export const formatMeters = (meters: number) => `${Math.round(meters).toLocaleString("en-US")} m`;
export const formatSpeed = (kph: number | null) => (kph === null ? "—" : `${Math.round(kph)} km/h`);
export const formatBattery = (percent: number | null) => (percent === null ? "—" : `${Math.round(percent)}%`);
