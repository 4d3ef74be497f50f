import L from "leaflet";
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { Circle, MapContainer, Marker, Polygon, Polyline, ScaleControl } from "react-leaflet";
import type { Track, TrackZone } from "../../../../../shared/contract/monitoring-map";
import { Alert, Button, ErrorAlert, Loading, Table } from "../../../../components/ui";
import { formatDateTime } from "../../../../lib/format";
import { useMapConfig } from "../../../today/api/today";
import { useTrack } from "../api/monitoring-map";
import { AgencyTiles, FitToPoints, formatBattery, formatSpeed, labelledIcon, MapAccessibility, tilesNote, toLatLng } from "./map-parts";

const pad = (value: number) => String(value).padStart(2, "0");
const localDate = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const localTime = (date: Date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;
const pageSize = 25;
/** Playback speed: one fix per this many milliseconds. */
const stepMs = 400;

/** Zones valid at an instant (their schedules are the rules engine's; here: which zones existed then). */
const zonesAt = (zones: TrackZone[], at: string) =>
  zones.filter((zone) => zone.validFrom <= at && (zone.validTo === null || zone.validTo > at));

function ZoneShape({ zone }: { zone: TrackZone }) {
  const pathOptions = { color: zone.kind === "exclusion" ? "#b50909" : "#00a91c", weight: 2, fillOpacity: 0.15 };
  if (zone.geometry.type === "Circle") {
    const [lon = 0, lat = 0] = zone.geometry.center;
    return <Circle center={[lat, lon]} radius={zone.geometry.radiusMeters} pathOptions={pathOptions} interactive={false} />;
  }
  const rings = zone.geometry.coordinates.map((ring) => ring.map(([lon = 0, lat = 0]) => [lat, lon] as L.LatLngTuple));
  return <Polygon positions={rings} pathOptions={pathOptions} interactive={false} />;
}

/**
 * A person's track over a chosen window: the line, a marker moved by a slider or the play button (keyboard: the slider's
 * arrow keys, Home and End), the time, speed and zones at the marker, and every fix in a paged table.
 */
export function TrackPlayback({ caseId }: { caseId: string }) {
  const formId = useId();
  const now = useMemo(() => new Date(), []);
  const [date, setDate] = useState(localDate(now));
  const [fromTime, setFromTime] = useState(localTime(new Date(now.getTime() - 2 * 3_600_000)));
  const [toTime, setToTime] = useState(localTime(now));
  const [error, setError] = useState<string | null>(null);
  const [window, setWindow] = useState<{ from: string; to: string } | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const track = useTrack(caseId, window);

  const show = (event: FormEvent) => {
    event.preventDefault();
    const from = new Date(`${date}T${fromTime}`);
    const to = new Date(`${date}T${toTime}`);
    // An end at or before the start runs into the next day: a night (22:00 to 02:00) is one window, as curfews are.
    if (to <= from) to.setDate(to.getDate() + 1);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) setError("Enter a date and both times.");
    else {
      setError(null);
      setWindow({ from: from.toISOString(), to: to.toISOString() });
      return;
    }
    setTimeout(() => errorRef.current?.focus(), 0);
  };

  return (
    <section aria-labelledby={`${formId}-heading`} data-testid="track-playback">
      <h2 id={`${formId}-heading`}>Track playback</h2>
      <form className="usa-form maxw-none" onSubmit={show} noValidate>
        {error ? (
          <div ref={errorRef} tabIndex={-1} className="usa-alert usa-alert--error usa-alert--slim" role="alert">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{error}</p>
            </div>
          </div>
        ) : null}
        <div className="grid-row grid-gap-2">
          <div className="grid-col-12 tablet:grid-col-4">
            <label className="usa-label" htmlFor={`${formId}-date`}>
              Date
            </label>
            <input id={`${formId}-date`} className="usa-input" type="date" value={date} onChange={(event) => setDate(event.target.value)} />
          </div>
          <div className="grid-col-6 tablet:grid-col-3">
            <label className="usa-label" htmlFor={`${formId}-from`}>
              From
            </label>
            <input
              id={`${formId}-from`}
              className="usa-input"
              type="time"
              value={fromTime}
              onChange={(event) => setFromTime(event.target.value)}
            />
          </div>
          <div className="grid-col-6 tablet:grid-col-3">
            <label className="usa-label" htmlFor={`${formId}-to`}>
              To
            </label>
            <span className="usa-hint" id={`${formId}-to-hint`}>
              Earlier than the start: the next morning
            </span>
            <input
              id={`${formId}-to`}
              aria-describedby={`${formId}-to-hint`}
              className="usa-input"
              type="time"
              value={toTime}
              onChange={(event) => setToTime(event.target.value)}
            />
          </div>
        </div>
        <Button type="submit" className="margin-top-2">
          Show track
        </Button>
      </form>
      {track.isFetching ? <Loading label="Loading the track…" /> : null}
      <ErrorAlert error={track.error} />
      {track.data ? <Playback key={`${track.data.from}-${track.data.to}`} track={track.data} /> : null}
    </section>
  );
}

function Playback({ track }: { track: Track }) {
  const tiles = useMapConfig();
  const tableId = useId();
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [page, setPage] = useState(0);
  const [tilesFailed, setTilesFailed] = useState(false);
  const points = track.points;
  const line = useMemo(() => points.map(toLatLng), [points]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setIndex((current) => {
        if (current >= points.length - 1) {
          setPlaying(false);
          return current;
        }
        return current + 1;
      });
    }, stepMs);
    return () => clearInterval(timer);
  }, [playing, points.length]);

  if (points.length === 0) {
    return (
      <Alert type="info" slim>
        No positions were recorded between {formatDateTime(track.from)} and {formatDateTime(track.to)}.
      </Alert>
    );
  }
  const current = points[Math.min(index, points.length - 1)]!;
  const inForce = zonesAt(track.zones, current.eventTime);
  const pages = Math.ceil(points.length / pageSize);

  return (
    <div className="margin-top-2">
      {track.downsampled ? (
        <Alert type="info" slim>
          {track.totalPoints.toLocaleString("en-US")} positions in this window: every {Math.ceil(track.totalPoints / points.length)}th is
          shown. Choose a shorter window to see them all.
        </Alert>
      ) : null}
      {tiles.data ? (
        <div className="waypoint-map-frame" data-testid="track-map">
          <MapContainer
            className="waypoint-map"
            bounds={L.latLngBounds(line)}
            boundsOptions={{ padding: [36, 36], maxZoom: 17 }}
            scrollWheelZoom={false}
            dragging={!L.Browser.mobile}
            attributionControl={false}
          >
            <MapAccessibility label={`Map of ${track.personName}'s track, ${points.length} positions`} describedBy={tableId} />
            <FitToPoints points={line} />
            <AgencyTiles tiles={tiles.data} onFailed={() => setTilesFailed(true)} />
            <ScaleControl position="bottomleft" />
            {track.zones.map((zone) => (
              <ZoneShape key={zone.id} zone={zone} />
            ))}
            <Polyline positions={line} interactive={false} pathOptions={{ color: "#1a4480", weight: 3 }} />
            <Marker
              position={toLatLng(current)}
              icon={labelledIcon(`Position at ${formatDateTime(current.eventTime)}`, "●")}
              interactive={false}
              keyboard={false}
            />
          </MapContainer>
          <p className="font-sans-3xs margin-top-05">{tilesNote(tiles.data, tilesFailed)}</p>
        </div>
      ) : null}
      <div className="margin-top-2">
        <label className="usa-label" htmlFor={`${tableId}-slider`}>
          Position {index + 1} of {points.length}
        </label>
        <input
          id={`${tableId}-slider`}
          className="usa-range"
          type="range"
          min={0}
          max={points.length - 1}
          value={index}
          aria-valuetext={`${formatDateTime(current.eventTime)}, ${formatSpeed(current.speedKph)}`}
          onChange={(event) => {
            setPlaying(false);
            setIndex(Number(event.target.value));
          }}
        />
        <div className="margin-top-1">
          <Button variant="outline" onClick={() => setIndex((value) => Math.max(0, value - 1))} disabled={index === 0}>
            Previous position
          </Button>
          <Button
            onClick={() => {
              if (!playing && index >= points.length - 1) setIndex(0);
              setPlaying(!playing);
            }}
          >
            {playing ? "Pause" : "Play"}
          </Button>
          <Button
            variant="outline"
            onClick={() => setIndex((value) => Math.min(points.length - 1, value + 1))}
            disabled={index >= points.length - 1}
          >
            Next position
          </Button>
        </div>
        <dl className="waypoint-facts" data-testid="playback-readout" aria-live={playing ? "off" : "polite"}>
          <dt>Time</dt>
          <dd>{formatDateTime(current.eventTime)}</dd>
          <dt>Speed</dt>
          <dd>{formatSpeed(current.speedKph)}</dd>
          <dt>Battery</dt>
          <dd>{formatBattery(current.batteryPercent)}</dd>
          <dt>Zones in force</dt>
          <dd>
            {inForce.length === 0
              ? "None"
              : inForce
                  .map(
                    (zone) => `${zone.name} (${zone.kind === "exclusion" ? "keep out" : "stay in"}${zone.shared ? ", agency zone" : ""})`,
                  )
                  .join("; ")}
          </dd>
        </dl>
      </div>
      <div id={tableId} className="margin-top-2">
        <Table caption={`${track.personName}'s positions, ${formatDateTime(track.from)} to ${formatDateTime(track.to)}`}>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Speed</th>
              <th scope="col">Accuracy</th>
              <th scope="col">Battery</th>
            </tr>
          </thead>
          <tbody>
            {points.slice(page * pageSize, (page + 1) * pageSize).map((point) => (
              <tr key={point.eventTime} data-testid="track-point">
                <th scope="row">{formatDateTime(point.eventTime)}</th>
                <td>{formatSpeed(point.speedKph)}</td>
                <td>{point.accuracyMeters === null ? "—" : `within ${Math.round(point.accuracyMeters)} m`}</td>
                <td>{formatBattery(point.batteryPercent)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        {pages > 1 ? (
          <nav aria-label="Pages of positions" className="margin-top-1">
            <Button variant="outline" onClick={() => setPage(page - 1)} disabled={page === 0}>
              Earlier positions
            </Button>
            <span className="margin-x-1">
              Page {page + 1} of {pages}
            </span>
            <Button variant="outline" onClick={() => setPage(page + 1)} disabled={page >= pages - 1}>
              Later positions
            </Button>
          </nav>
        ) : null}
      </div>
    </div>
  );
}
