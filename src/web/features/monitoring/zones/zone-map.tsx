import "leaflet/dist/leaflet.css";
import "@geoman-io/leaflet-geoman-free";
import "@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css";
import L from "leaflet";
import { useEffect, useMemo, useState } from "react";
import { AttributionControl, Circle, MapContainer, Marker, Polygon, ScaleControl, TileLayer, useMap, useMapEvents } from "react-leaflet";
import type { MapConfig } from "../../../../shared/contract/today";
import type { Zone, ZoneGeometry } from "./zones-api";

export type DrawMode = "Polygon" | "Circle" | null;
type Point = { latitude: number; longitude: number };

type ZoneMapProps = {
  zones: Zone[];
  home: Point | null;
  /** The zone being added or changed, drawn or typed, shown dashed. */
  draft: ZoneGeometry | null;
  tiles: MapConfig;
  label: string;
  describedBy: string;
  /** Drawing with the mouse (Leaflet-Geoman): a polygon or circle; the shape goes to onDrawn. */
  drawMode?: DrawMode;
  onDrawn?: (geometry: ZoneGeometry) => void;
  /** Placing the home: a click on the map gives its position. */
  placingHome?: boolean;
  onPlaceHome?: (point: Point) => void;
};

const colours = { inclusion: "#008817", exclusion: "#b50909", draft: "#1a4480" } as const;
/** With nothing to show, the map opens on the continental United States. */
const fallbackBounds = L.latLngBounds([24.5, -125], [49.5, -66.9]);
const metresPerDegree = 111_320;

/** The box around what the map shows (zones with their buffer rings, the home and the draft). */
function boundsOf(geometries: { geometry: ZoneGeometry; buffer: number }[], home: Point | null): L.LatLngBounds {
  const points: L.LatLngTuple[] = home ? [[home.latitude, home.longitude]] : [];
  for (const { geometry, buffer } of geometries) {
    if (geometry.type === "Circle") {
      const [lon, lat] = geometry.center;
      const reach = (geometry.radiusMeters + buffer) / metresPerDegree;
      const reachLon = reach / Math.cos((lat * Math.PI) / 180);
      points.push([lat - reach, lon - reachLon], [lat + reach, lon + reachLon]);
    } else {
      for (const [lon, lat] of geometry.coordinates[0] ?? []) points.push([lat!, lon!]);
    }
  }
  return points.length > 0 ? L.latLngBounds(points) : fallbackBounds;
}

/** Leaflet reads attribution as HTML; the agency's text is shown as text. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function Shape({ geometry, colour, dashed, buffer }: { geometry: ZoneGeometry; colour: string; dashed?: boolean; buffer: number }) {
  const style = { color: colour, weight: 3, fillOpacity: 0.12, ...(dashed ? { dashArray: "6 6" } : {}) };
  if (geometry.type === "Circle") {
    const centre: L.LatLngTuple = [geometry.center[1], geometry.center[0]];
    return (
      <>
        <Circle center={centre} radius={geometry.radiusMeters} pathOptions={style} interactive={false} />
        {buffer > 0 ? (
          <Circle
            center={centre}
            radius={geometry.radiusMeters + buffer}
            pathOptions={{ color: colour, weight: 1, dashArray: "2 6", fill: false }}
            interactive={false}
          />
        ) : null}
      </>
    );
  }
  return (
    <Polygon
      positions={geometry.coordinates.map((ring) => ring.map(([lon, lat]) => [lat!, lon!] as L.LatLngTuple))}
      pathOptions={style}
      interactive={false}
    />
  );
}

/** The person's zones on a Leaflet map, for drawing new ones; the table beside it says the same in text. */
export function ZoneMap({
  zones,
  home,
  draft,
  tiles,
  label,
  describedBy,
  drawMode = null,
  onDrawn,
  placingHome,
  onPlaceHome,
}: ZoneMapProps) {
  const shown = useMemo(
    () => [
      ...zones.map((zone) => ({ geometry: zone.geometry, buffer: zone.bufferMeters })),
      ...(draft ? [{ geometry: draft, buffer: 0 }] : []),
    ],
    [zones, draft],
  );
  const bounds = useMemo(() => boundsOf(shown, home), [shown, home]);
  const homeIcon = useMemo(() => {
    const html = document.createElement("span");
    html.setAttribute("aria-hidden", "true");
    html.textContent = "⌂";
    return L.divIcon({ html, className: "waypoint-map-marker", iconSize: [28, 28], iconAnchor: [14, 14] });
  }, []);
  const [tilesFailed, setTilesFailed] = useState(false);
  return (
    <div className="waypoint-map-frame" data-testid="zone-map">
      <MapContainer
        className={`waypoint-map${placingHome || drawMode ? " waypoint-map--picking" : ""}`}
        bounds={bounds}
        boundsOptions={{ padding: [24, 24], maxZoom: 16 }}
        scrollWheelZoom={false}
        attributionControl={false}
      >
        <MapAccessibility label={label} describedBy={describedBy} />
        <FitTo bounds={bounds} />
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
        {zones.map((zone) => (
          <Shape key={zone.id} geometry={zone.geometry} colour={colours[zone.kind]} buffer={zone.bufferMeters} />
        ))}
        {draft ? <Shape geometry={draft} colour={colours.draft} dashed buffer={0} /> : null}
        {home ? <Marker position={[home.latitude, home.longitude]} icon={homeIcon} interactive={false} keyboard={false} /> : null}
        <DrawTool mode={drawMode} onDrawn={onDrawn} />
        {placingHome && onPlaceHome ? <PickPoint onPick={onPlaceHome} /> : null}
      </MapContainer>
      <p className="font-sans-3xs margin-top-05">
        {tiles.tileUrl === null
          ? "No background map is configured for this agency: the map shows the zones only."
          : tilesFailed
            ? "The background map could not be loaded: the map shows the zones only."
            : null}{" "}
        Green: must be inside. Red: must stay out (dotted: the approach warning). Blue dashes: the zone being drawn.
      </p>
    </div>
  );
}

/** Leaflet-Geoman's drawing mode, started by the form's buttons (not Geoman's own toolbar, which has no accessible names). */
function DrawTool({ mode, onDrawn }: { mode: DrawMode; onDrawn: ((geometry: ZoneGeometry) => void) | undefined }) {
  const map = useMap();
  useEffect(() => {
    if (!mode || !onDrawn) return;
    const created = (event: { shape: string; layer: L.Layer }) => {
      map.removeLayer(event.layer);
      if (event.shape === "Circle") {
        const circle = event.layer as L.Circle;
        const centre = circle.getLatLng();
        onDrawn({
          type: "Circle",
          center: [round(centre.lng), round(centre.lat)],
          radiusMeters: Math.max(5, Math.round(circle.getRadius())),
        });
        return;
      }
      const ring = ((event.layer as L.Polygon).getLatLngs()[0] as L.LatLng[]).map((point): [number, number] => [
        round(point.lng),
        round(point.lat),
      ]);
      onDrawn({ type: "Polygon", coordinates: [[...ring, ring[0]!]] });
    };
    map.on("pm:create", created);
    map.pm.enableDraw(mode, { snappable: false, continueDrawing: false });
    return () => {
      map.off("pm:create", created);
      map.pm.disableDraw();
    };
  }, [map, mode, onDrawn]);
  return null;
}

/** Seven decimals of a degree: about a centimetre, more than any fix is worth. */
const round = (degrees: number) => Math.round(degrees * 1e7) / 1e7;

function PickPoint({ onPick }: { onPick: (point: Point) => void }) {
  useMapEvents({ click: (event) => onPick({ latitude: round(event.latlng.lat), longitude: round(event.latlng.lng) }) });
  return null;
}

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

function FitTo({ bounds }: { bounds: L.LatLngBounds }) {
  const map = useMap();
  const key = bounds.toBBoxString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the box changes, not on every new object
  useEffect(() => {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }, [map, key]);
  return null;
}
