import L from "leaflet";
import { useCallback, useId, useState } from "react";
import { Circle, CircleMarker, MapContainer, ScaleControl } from "react-leaflet";
import { Link } from "react-router";
import {
  type CrimeSceneResult,
  crimeSceneBody,
  maxCrimeSceneRadiusMeters,
  maxCrimeSceneWindowDays,
} from "../../../../../shared/contract/monitoring-map";
import { Form, SubmitButton, TextAreaField, TextField } from "../../../../components/form";
import { Alert, ErrorAlert, Table } from "../../../../components/ui";
import { paths } from "../../../../config/paths";
import { useContractForm } from "../../../../lib/contract-form";
import { fromLocalInput, toLocalInput } from "../../../../lib/datetime-input";
import { formatDateTime } from "../../../../lib/format";
import { usePageTitle } from "../../../../lib/page-title";
import { useMapConfig } from "../../../today/api/today";
import { useCrimeSceneSearch } from "../api/monitoring-map";
import { AgencyTiles, formatMeters, formatSpeed, type LatLng, MapAccessibility, MapClicks, tilesNote } from "../components/map-parts";

/** Where the map opens before a place is chosen: the middle of the demo county (any place can be typed or clicked). */
const initialCenter: L.LatLngTuple = [38.58, -121.49];

/**
 * Supervisors: who among the agency's monitored people was within a radius of a place during a window. The reason is
 * required and recorded with the search in the audit log.
 */
export function CrimeScenePage() {
  usePageTitle("Crime-scene search");
  const tiles = useMapConfig();
  const search = useCrimeSceneSearch();
  const resultsId = useId();
  const [tilesFailed, setTilesFailed] = useState(false);
  const now = new Date();
  const form = useContractForm(crimeSceneBody, {
    defaultValues: {
      latitude: "",
      longitude: "",
      radiusMeters: 200,
      from: toLocalInput(new Date(now.getTime() - 24 * 3_600_000)),
      to: toLocalInput(now),
      reason: "",
    },
    toRequest: (values) => ({ ...values, from: fromLocalInput(String(values.from)), to: fromLocalInput(String(values.to)) }),
    messages: {
      latitude: "Enter the latitude of the place (−90 to 90), or select the place on the map",
      longitude: "Enter the longitude of the place (−180 to 180), or select the place on the map",
      radiusMeters: `Enter a radius from 10 to ${maxCrimeSceneRadiusMeters.toLocaleString("en-US")} metres`,
      from: "Enter when the window starts",
      to: "Enter when the window ends",
      reason: "State the reason for this search (at least 10 characters), for example the incident number",
    },
  });
  const latitude = form.watch("latitude");
  const longitude = form.watch("longitude");
  const radius = form.watch("radiusMeters");
  const chosen: LatLng | null =
    typeof latitude === "number" && typeof longitude === "number" && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
      ? { latitude, longitude }
      : null;
  const choose = useCallback(
    (point: LatLng) => {
      form.setValue("latitude", Math.round(point.latitude * 1e6) / 1e6);
      form.setValue("longitude", Math.round(point.longitude * 1e6) / 1e6);
    },
    [form],
  );

  return (
    <>
      <h1>Crime-scene search</h1>
      <p>
        Find the people on electronic monitoring in the agency whose devices placed them within a distance of a place during a window of at
        most {maxCrimeSceneWindowDays} days. State why you search: the reason, the search and the number of people found are recorded in the
        audit log.
      </p>
      <ErrorAlert error={tiles.error} />
      {tiles.data ? (
        <div className="waypoint-map-frame" data-testid="crime-scene-map">
          <MapContainer
            className="waypoint-map"
            center={initialCenter}
            zoom={12}
            scrollWheelZoom={false}
            dragging={!L.Browser.mobile}
            attributionControl={false}
          >
            <MapAccessibility
              label="Map for choosing the place: select a point to fill in its latitude and longitude"
              describedBy={resultsId}
            />
            <AgencyTiles tiles={tiles.data} onFailed={() => setTilesFailed(true)} />
            <ScaleControl position="bottomleft" />
            <MapClicks onClick={choose} />
            {chosen ? (
              <Circle
                center={[chosen.latitude, chosen.longitude]}
                radius={typeof radius === "number" ? radius : 0}
                pathOptions={{ color: "#b50909", weight: 2, fillOpacity: 0.1 }}
                interactive={false}
              />
            ) : null}
            {search.data?.matches.flatMap((match) =>
              match.points.map((point) => (
                <CircleMarker
                  key={`${match.activationId}-${point.eventTime}`}
                  center={[point.latitude, point.longitude]}
                  radius={5}
                  pathOptions={{ color: "#1a4480", fillOpacity: 0.8 }}
                  interactive={false}
                />
              )),
            )}
          </MapContainer>
          <p className="font-sans-3xs margin-top-05">
            {tilesNote(tiles.data, tilesFailed)} Select a point on the map to fill in the place.
          </p>
        </div>
      ) : null}
      <Form form={form} onSubmit={(request) => search.mutateAsync(request)} className="usa-form maxw-none">
        <div className="grid-row grid-gap-2">
          <div className="grid-col-12 tablet:grid-col-4">
            <TextField label="Latitude" name="latitude" numeric inputMode="decimal" autoComplete="off" />
          </div>
          <div className="grid-col-12 tablet:grid-col-4">
            <TextField label="Longitude" name="longitude" numeric inputMode="decimal" autoComplete="off" />
          </div>
          <div className="grid-col-12 tablet:grid-col-4">
            <TextField label="Radius (metres)" name="radiusMeters" numeric autoComplete="off" />
          </div>
          <div className="grid-col-12 tablet:grid-col-6">
            <TextField label="From" name="from" type="datetime-local" />
          </div>
          <div className="grid-col-12 tablet:grid-col-6">
            <TextField label="To" name="to" type="datetime-local" />
          </div>
        </div>
        <TextAreaField
          label="Reason for this search"
          hint="For example the incident or report number and the offence"
          name="reason"
          rows={2}
        />
        <SubmitButton>Search</SubmitButton>
      </Form>
      <div id={resultsId} className="margin-top-3">
        {search.data ? <Results result={search.data} /> : null}
      </div>
    </>
  );
}

function Results({ result }: { result: CrimeSceneResult }) {
  if (result.matches.length === 0) {
    return (
      <Alert type="info" slim role="status">
        No monitored person of the agency was within the radius during the window.
      </Alert>
    );
  }
  return (
    <section aria-labelledby="crime-scene-results" data-testid="crime-scene-results">
      <h2 id="crime-scene-results" role="status">
        {result.matches.length} {result.matches.length === 1 ? "person" : "people"} within the radius
      </h2>
      <Table caption="People within the radius, closest approach first">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Closest approach</th>
            <th scope="col">At</th>
            <th scope="col">Positions inside</th>
          </tr>
        </thead>
        <tbody>
          {result.matches.map((match) => (
            <tr key={match.activationId} data-testid="crime-scene-match">
              <th scope="row">
                <Link to={paths.people.person.getHref(match.personId)}>{match.personName}</Link>
              </th>
              <td>{formatMeters(match.closestDistanceMeters)}</td>
              <td>{formatDateTime(match.closestAt)}</td>
              <td>{match.points.length}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      {result.matches.map((match) => (
        <details key={match.activationId} className="margin-top-2">
          <summary>
            {match.personName}: {match.points.length} {match.points.length === 1 ? "position" : "positions"} inside (device{" "}
            {match.deviceSerial})
          </summary>
          <Table caption={`${match.personName}'s positions within the radius`}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Distance</th>
                <th scope="col">Accuracy</th>
                <th scope="col">Speed</th>
              </tr>
            </thead>
            <tbody>
              {match.points.map((point) => (
                <tr key={point.eventTime}>
                  <th scope="row">{formatDateTime(point.eventTime)}</th>
                  <td>{formatMeters(point.distanceMeters)}</td>
                  <td>{point.accuracyMeters === null ? "—" : `within ${Math.round(point.accuracyMeters)} m`}</td>
                  <td>{formatSpeed(point.speedKph)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </details>
      ))}
    </section>
  );
}
