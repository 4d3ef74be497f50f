import L from "leaflet";
import { useId, useMemo, useState } from "react";
import { MapContainer, Marker, ScaleControl } from "react-leaflet";
import { Link } from "react-router";
import type { LivePosition } from "../../../../../shared/contract/monitoring-map";
import { ErrorAlert, Loading, Table } from "../../../../components/ui";
import { paths } from "../../../../config/paths";
import { formatDateTime } from "../../../../lib/format";
import { usePageTitle } from "../../../../lib/page-title";
import { useMapConfig } from "../../../today/api/today";
import { livePollMs, useLivePositions } from "../api/monitoring-map";
import {
  AgencyTiles,
  FitToPoints,
  formatBattery,
  formatSpeed,
  labelledIcon,
  MapAccessibility,
  tilesNote,
  timeSince,
  toLatLng,
} from "../components/map-parts";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();

/** Live positions of the monitored people the user may see, on a map and (the same facts) in a table. */
export function LiveMapPage() {
  usePageTitle("Monitoring map");
  const positions = useLivePositions();
  const tiles = useMapConfig();
  const tableId = useId();
  const [tilesFailed, setTilesFailed] = useState(false);
  const data = positions.data;
  const asOf = data ? new Date(data.asOf) : new Date();
  const located = useMemo(
    () =>
      (data?.positions ?? []).filter(
        (item): item is LivePosition & { position: NonNullable<LivePosition["position"]> } => item.position !== null,
      ),
    [data],
  );
  const points = useMemo(() => located.map((item) => toLatLng(item.position)), [located]);

  return (
    <>
      <h1>Monitoring map</h1>
      <p>
        The last position of each person on electronic monitoring you supervise, refreshed every {Math.round(livePollMs / 1000)} seconds.
        Each view of these positions is recorded in the audit log.
      </p>
      {positions.isPending ? <Loading label="Loading positions…" /> : null}
      <ErrorAlert error={positions.error} />
      <ErrorAlert error={tiles.error} />
      {data ? (
        <>
          {/* The table below is the map's text alternative: it stays when the map settings cannot load. */}
          {located.length > 0 && tiles.data ? (
            <div className="waypoint-map-frame" data-testid="live-map">
              <MapContainer
                className="waypoint-map"
                bounds={L.latLngBounds(points)}
                boundsOptions={{ padding: [36, 36], maxZoom: 16 }}
                scrollWheelZoom={false}
                dragging={!L.Browser.mobile}
                attributionControl={false}
              >
                <MapAccessibility
                  label={`Map of ${located.length} monitored ${located.length === 1 ? "person" : "people"}`}
                  describedBy={tableId}
                />
                <FitToPoints points={points} />
                <AgencyTiles tiles={tiles.data} onFailed={() => setTilesFailed(true)} />
                <ScaleControl position="bottomleft" />
                {located.map((item) => (
                  <Marker
                    key={item.activationId}
                    position={toLatLng(item.position)}
                    icon={labelledIcon(
                      `${item.personName}: last fix ${timeSince(item.position.eventTime, asOf)}, battery ${formatBattery(item.position.batteryPercent)}`,
                      initials(item.personName),
                    )}
                    title={`${item.personName}, ${timeSince(item.position.eventTime, asOf)}, battery ${formatBattery(item.position.batteryPercent)}`}
                  />
                ))}
              </MapContainer>
              <p className="font-sans-3xs margin-top-05">{tilesNote(tiles.data, tilesFailed)}</p>
            </div>
          ) : null}
          <div id={tableId}>
            {data.positions.length === 0 ? (
              <p>No one you supervise is on electronic monitoring now.</p>
            ) : (
              <Table caption="Monitored people and their last position">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Last position</th>
                    <th scope="col">Battery</th>
                    <th scope="col">Speed</th>
                    <th scope="col">Device</th>
                    <th scope="col">Track</th>
                  </tr>
                </thead>
                <tbody>
                  {data.positions.map((item) => (
                    <tr key={item.activationId} data-testid="live-position">
                      <th scope="row">
                        <Link to={paths.people.person.getHref(item.personId)}>{item.personName}</Link>
                      </th>
                      <td>
                        {item.position
                          ? `${timeSince(item.position.eventTime, asOf)} (${formatDateTime(item.position.eventTime)})`
                          : `No position in the last ${data.lookbackHours} hours`}
                      </td>
                      <td>{formatBattery(item.position?.batteryPercent ?? null)}</td>
                      <td>{formatSpeed(item.position?.speedKph ?? null)}</td>
                      <td>{item.deviceSerial}</td>
                      <td>
                        <Link to={paths.monitoring.track.getHref(item.caseId)} aria-label={`Play back ${item.personName}'s track`}>
                          Play back track
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </div>
        </>
      ) : null}
    </>
  );
}
