import { useCallback, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { z } from "zod";
import { deviceTypeLabels, installDeviceBody, removeDeviceBody } from "../../../../shared/contract/monitoring-devices";
import {
  caseZoneImportBody,
  endZoneBody,
  homePositionBody,
  newZoneBody,
  weekday,
  zoneExceptionBody,
  zoneKindLabels,
  zonePurposeLabels,
} from "../../../../shared/contract/monitoring-zones";
import { weekdayNames } from "../../../../shared/time/calendar-date";
import { CheckboxGroupField, Form, FormButtons, RadioGroupField, SelectField, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, Dialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { paths } from "../../../config/paths";
import type { FieldIssue } from "../../../lib/api-client";
import { useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, toLocalInput } from "../../../lib/datetime-input";
import { formatDateTime, labelOf } from "../../../lib/format";
import { hasRole, useSession } from "../../../lib/session";
import { useMapConfig } from "../../today/api/today";
import { DeviceCommands } from "../commands/device-commands";
import { type Activation, useInstallDevice, useRemoveDevice } from "../devices/devices-api";
import { GeoJsonFileInput, ImportReport, importIssuesOf } from "./geojson-import";
import { kindOptions, purposeOptions } from "./shared-zones-page";
import { type DrawMode, ZoneMap } from "./zone-map";
import {
  type CaseMonitoring,
  useAddZoneException,
  useCaseMonitoring,
  useCreateZone,
  useEndZone,
  useImportCaseZones,
  useReplaceZone,
  useSetHomePosition,
  type Zone,
  type ZoneGeometry,
} from "./zones-api";

const dayOptions = weekday.options.map((day) => ({ value: day, label: weekdayNames[day] ?? labelOf(day) }));

/** A zone's shape in words: "circle of 75 m around 53.4300, −2.9500" or "area with 6 corners". */
export function shapeWords(geometry: ZoneGeometry): string {
  if (geometry.type === "Circle")
    return `Circle of ${geometry.radiusMeters} m around ${geometry.center[1].toFixed(5)}, ${geometry.center[0].toFixed(5)}`;
  const corners = (geometry.coordinates[0]?.length ?? 1) - 1;
  return `Area with ${corners} corners`;
}

/** When a zone is in force, in words: always, or its weekly windows and approved exceptions. */
export function scheduleWords(zone: Zone): string {
  if (!zone.schedule) return "At all times";
  const windows = zone.schedule.windows.map(
    (window) =>
      `${window.days.length === 7 ? "Every day" : window.days.map((day) => weekdayNames[day] ?? day).join(", ")} ${window.start}–${window.end}${window.end <= window.start ? " (overnight)" : ""}`,
  );
  const exceptions = zone.schedule.exceptions.map(
    (exception) =>
      `${exception.kind === "excused" ? "Excused" : "Also in force"} ${formatDateTime(exception.from)} – ${formatDateTime(exception.to)}: ${exception.reason} (approved by ${exception.approvedBy})`,
  );
  return [...windows, ...exceptions].join(". ");
}

type Action =
  | { kind: "install" }
  | { kind: "remove"; activation: Activation }
  | { kind: "end"; zone: Zone }
  | { kind: "change"; zone: Zone }
  | { kind: "exception"; zone: Zone }
  | { kind: "import" };

/** The Monitoring section of the person page: devices, zones on a map and in a table, and what is still missing. */
export function CaseMonitoringSection({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const monitoring = useCaseMonitoring(caseId);
  const tiles = useMapConfig();
  const session = useSession();
  const isSupervisor = hasRole(session.data, ["supervisor"]);
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState("");
  const [drawMode, setDrawMode] = useState<DrawMode>(null);
  const [draft, setDraft] = useState<ZoneGeometry | null>(null);
  const [placingHome, setPlacingHome] = useState<{ latitude: number; longitude: number } | null | "picking">(null);
  const tableId = useId();
  const onDrawn = useCallback((geometry: ZoneGeometry) => {
    setDraft(geometry);
    setDrawMode(null);
  }, []);
  if (monitoring.isPending || tiles.isPending) return <Loading label="Loading monitoring…" />;
  if (monitoring.isError || tiles.isError) return <ErrorAlert error={monitoring.error ?? tiles.error} />;
  const data = monitoring.data;
  const editable = canEdit && !data.caseClosed;
  const current = data.activations.filter((activation) => activation.removedAt === null);
  const liveZones = data.zones.filter((zone) => zone.validTo === null || Date.parse(zone.validTo) > Date.now());
  const endedZones = data.zones.filter((zone) => !liveZones.includes(zone));
  const home =
    data.home?.latitude != null && data.home.longitude != null ? { latitude: data.home.latitude, longitude: data.home.longitude } : null;
  const finish = (text: string) => {
    setAction(null);
    setNotice(text);
  };
  return (
    <div data-testid="monitoring-section">
      {notice ? (
        <Alert type="success" slim role="status">
          {notice}
        </Alert>
      ) : null}
      <p>
        {data.monitored
          ? `Electronic monitoring is a condition in force: ${data.deviceTypes.map((type) => deviceTypeLabels[type].toLowerCase()).join(" or ")}.`
          : "No electronic monitoring condition is in force: a device can be installed once the condition is added."}
      </p>

      <h3>Devices</h3>
      {current.length === 0 ? <p>No device is on the person now.</p> : null}
      {current.map((activation) => (
        <div key={activation.id} className="margin-bottom-1" data-testid="current-device">
          <strong>
            {deviceTypeLabels[activation.deviceType]} {activation.serial}
          </strong>{" "}
          ({activation.vendor}), installed {formatDateTime(activation.installedAt)} by {activation.installedBy}.{" "}
          {editable ? (
            <Button variant="unstyled" onClick={() => setAction({ kind: "remove", activation })}>
              Remove device<span className="usa-sr-only"> {activation.serial}</span>
            </Button>
          ) : null}
        </div>
      ))}
      {editable && data.monitored ? (
        <Button variant="secondary" onClick={() => setAction({ kind: "install" })}>
          Install a device
        </Button>
      ) : null}
      {data.activations.some((activation) => activation.removedAt !== null) ? (
        <Table caption="Device history">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Installed</th>
              <th scope="col">Removed</th>
            </tr>
          </thead>
          <tbody>
            {data.activations
              .filter((activation) => activation.removedAt !== null)
              .map((activation) => (
                <tr key={activation.id}>
                  <th scope="row">
                    {deviceTypeLabels[activation.deviceType]} {activation.serial}
                  </th>
                  <td>
                    {formatDateTime(activation.installedAt)} by {activation.installedBy}
                  </td>
                  <td>
                    {formatDateTime(activation.removedAt)} by {activation.removedBy}: {activation.removalReason}
                  </td>
                </tr>
              ))}
          </tbody>
        </Table>
      ) : null}
      {data.activations.length > 0 ? (
        <p>
          <Link className="usa-link" to={paths.monitoring.track.getHref(caseId)}>
            Play back the track
          </Link>
        </p>
      ) : null}
      {current.length > 0 ? <DeviceCommands caseId={caseId} canSend={editable} /> : null}

      <h3>Zones</h3>
      {data.homePositionNeeded.length > 0 ? (
        <Alert type="warning" slim>
          Home position needed: {data.homePositionNeeded.map((item) => item.title).join(", ")} cannot become a zone until the home (
          {data.home?.label ?? "no current address"}) is placed on the map.
        </Alert>
      ) : null}
      <ZoneMap
        zones={liveZones}
        home={placingHome && placingHome !== "picking" ? placingHome : home}
        draft={draft}
        tiles={tiles.data}
        label={`Map of the person's zones: ${liveZones.length === 1 ? "1 zone" : `${liveZones.length} zones`}`}
        describedBy={tableId}
        drawMode={drawMode}
        onDrawn={onDrawn}
        placingHome={placingHome === "picking"}
        onPlaceHome={setPlacingHome}
      />
      {editable && data.home ? (
        <HomePositionForm
          key={`${home?.latitude},${home?.longitude},${placingHome && placingHome !== "picking" ? placingHome.latitude : ""}`}
          caseId={caseId}
          initial={placingHome && placingHome !== "picking" ? placingHome : home}
          picking={placingHome === "picking"}
          onPick={() => setPlacingHome("picking")}
          onSaved={() => {
            setPlacingHome(null);
            setNotice("Home position saved.");
          }}
        />
      ) : null}
      <ZoneTable
        id={tableId}
        zones={liveZones}
        caption="Zones in force or to come"
        editable={editable}
        isSupervisor={isSupervisor}
        onAction={setAction}
      />
      {endedZones.length > 0 ? (
        <details className="margin-top-2">
          <summary>Ended zones ({endedZones.length})</summary>
          <ZoneTable zones={endedZones} caption="Ended zones" editable={false} isSupervisor={false} onAction={setAction} />
        </details>
      ) : null}
      {editable ? (
        <>
          <section aria-labelledby={`${tableId}-new`} className="margin-top-3">
            <h4 id={`${tableId}-new`}>Add a zone</h4>
            <ZoneForm
              mode={{ kind: "new", caseId }}
              draft={draft}
              setDraft={setDraft}
              drawMode={drawMode}
              setDrawMode={setDrawMode}
              onSaved={(saved) => {
                setDraft(null);
                setNotice(`Zone ${saved.name} added.`);
              }}
            />
          </section>
          <Button variant="outline" className="margin-top-2" onClick={() => setAction({ kind: "import" })}>
            Import zones from a GeoJSON file
          </Button>
        </>
      ) : null}

      {action?.kind === "install" ? (
        <Dialog title="Install a device" onClose={() => setAction(null)}>
          <InstallForm caseId={caseId} data={data} onSaved={(text) => finish(text)} onCancel={() => setAction(null)} />
        </Dialog>
      ) : null}
      {action?.kind === "remove" ? (
        <Dialog title={`Remove device ${action.activation.serial}`} onClose={() => setAction(null)}>
          <RemoveForm activation={action.activation} onSaved={(text) => finish(text)} onCancel={() => setAction(null)} />
        </Dialog>
      ) : null}
      {action?.kind === "end" ? (
        <Dialog title={`End zone ${action.zone.name}`} onClose={() => setAction(null)}>
          <EndZoneForm zone={action.zone} onSaved={(text) => finish(text)} onCancel={() => setAction(null)} />
        </Dialog>
      ) : null}
      {action?.kind === "change" ? (
        <Dialog title={`Change zone ${action.zone.name}`} onClose={() => setAction(null)}>
          <p>The zone as it is ends now; the changed zone is in force from now. Draw a new shape on the map or type a circle.</p>
          <ZoneForm
            mode={{ kind: "change", zone: action.zone }}
            draft={null}
            setDraft={() => undefined}
            drawMode={null}
            setDrawMode={() => undefined}
            onSaved={(saved) => finish(`Zone ${saved.name} changed from now.`)}
            onCancel={() => setAction(null)}
          />
        </Dialog>
      ) : null}
      {action?.kind === "exception" ? (
        <Dialog title={`Approve an exception to ${action.zone.name}`} onClose={() => setAction(null)}>
          <ExceptionForm zone={action.zone} onSaved={(text) => finish(text)} onCancel={() => setAction(null)} />
        </Dialog>
      ) : null}
      {action?.kind === "import" ? (
        <Dialog title="Import zones from a GeoJSON file" onClose={() => setAction(null)}>
          <ImportCaseZonesForm caseId={caseId} onSaved={(text) => finish(text)} onCancel={() => setAction(null)} />
        </Dialog>
      ) : null}
    </div>
  );
}

function ZoneTable({
  id,
  zones,
  caption,
  editable,
  isSupervisor,
  onAction,
}: {
  id?: string;
  zones: Zone[];
  caption: string;
  editable: boolean;
  isSupervisor: boolean;
  onAction: (action: Action) => void;
}) {
  return (
    <div id={id}>
      <Table caption={caption}>
        <thead>
          <tr>
            <th scope="col">Zone</th>
            <th scope="col">Kind</th>
            <th scope="col">Shape</th>
            <th scope="col">When</th>
            <th scope="col">Valid</th>
            {editable ? (
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody data-testid="zone-rows">
          {zones.length === 0 ? (
            <tr>
              <td colSpan={editable ? 6 : 5}>No zones.</td>
            </tr>
          ) : null}
          {zones.map((zone) => (
            <tr key={zone.id}>
              <th scope="row">
                {zone.name}
                <span className="display-block font-sans-3xs">
                  {zonePurposeLabels[zone.purpose]}
                  {zone.conditionTitle ? `, from the ${zone.conditionTitle.toLowerCase()} condition` : ""}
                </span>
              </th>
              <td>
                {zoneKindLabels[zone.kind]}
                {zone.bufferMeters > 0 ? `; warning within ${zone.bufferMeters} m` : ""}
              </td>
              <td>{shapeWords(zone.geometry)}</td>
              <td>{scheduleWords(zone)}</td>
              <td>
                From {formatDateTime(zone.validFrom)}
                {zone.validTo ? ` to ${formatDateTime(zone.validTo)}` : ""}
                {zone.endReason ? ` (${zone.endReason})` : ""}
              </td>
              {editable ? (
                <td>
                  <ul className="usa-list usa-list--unstyled">
                    {zone.conditionTitle ? null : (
                      <>
                        <li>
                          <Button variant="unstyled" onClick={() => onAction({ kind: "change", zone })}>
                            Change<span className="usa-sr-only"> zone {zone.name}</span>
                          </Button>
                        </li>
                        <li>
                          <Button variant="unstyled" onClick={() => onAction({ kind: "end", zone })}>
                            End<span className="usa-sr-only"> zone {zone.name}</span>
                          </Button>
                        </li>
                      </>
                    )}
                    {isSupervisor && zone.schedule ? (
                      <li>
                        <Button variant="unstyled" onClick={() => onAction({ kind: "exception", zone })}>
                          Approve an exception<span className="usa-sr-only"> to zone {zone.name}</span>
                        </Button>
                      </li>
                    ) : null}
                  </ul>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function InstallForm({
  caseId,
  data,
  onSaved,
  onCancel,
}: {
  caseId: string;
  data: CaseMonitoring;
  onSaved: (text: string) => void;
  onCancel: () => void;
}) {
  const install = useInstallDevice(caseId);
  const form = useContractForm(installDeviceBody, {
    defaultValues: { deviceId: "", installedAt: toLocalInput(new Date()) } as never,
    toRequest: (values: { deviceId?: unknown; installedAt?: unknown }) => ({
      ...values,
      installedAt: fromLocalInput(String(values.installedAt ?? "")),
    }),
    messages: { deviceId: "Choose a device in stock", installedAt: "Say when it was installed, as a date and time" },
  });
  if (data.availableDevices.length === 0)
    return (
      <>
        <p>
          No device of the right type ({data.deviceTypes.map((type) => deviceTypeLabels[type].toLowerCase()).join(" or ")}) is in stock.
        </p>
        <Button variant="outline" onClick={onCancel}>
          Close
        </Button>
      </>
    );
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        const saved = await install.mutateAsync(input);
        onSaved(`Device ${saved.serial} installed.`);
      }}
      aria-label="Install a device"
      summaryHeadingLevel="h3"
    >
      <SelectField
        name="deviceId"
        label="Device in stock"
        options={data.availableDevices.map((device) => ({
          value: device.id,
          label: `${device.serial}: ${deviceTypeLabels[device.deviceType]}, ${device.vendor}`,
        }))}
        placeholder="- Choose -"
      />
      <TextField name="installedAt" label="Installed" type="datetime-local" max={toLocalInput(new Date())} />
      <FormButtons submit={install.isPending ? "Installing…" : "Install device"} onCancel={onCancel} />
    </Form>
  );
}

function RemoveForm({ activation, onSaved, onCancel }: { activation: Activation; onSaved: (text: string) => void; onCancel: () => void }) {
  const remove = useRemoveDevice(activation.id);
  const form = useContractForm(removeDeviceBody, {
    defaultValues: { removedAt: toLocalInput(new Date()), reason: "" } as never,
    toRequest: (values: { removedAt?: unknown; reason?: unknown }) => ({
      ...values,
      removedAt: fromLocalInput(String(values.removedAt ?? "")),
    }),
    messages: { removedAt: "Say when it was removed, as a date and time", reason: "Say why it was removed" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await remove.mutateAsync(input);
        onSaved(`Device ${activation.serial} removed; it is back in stock.`);
      }}
      aria-label={`Remove device ${activation.serial}`}
      summaryHeadingLevel="h3"
    >
      <TextField name="removedAt" label="Removed" type="datetime-local" max={toLocalInput(new Date())} />
      <TextField name="reason" label="Reason" maxLength={500} />
      <FormButtons submit={remove.isPending ? "Removing…" : "Remove device"} onCancel={onCancel} />
    </Form>
  );
}

function EndZoneForm({ zone, onSaved, onCancel }: { zone: Zone; onSaved: (text: string) => void; onCancel: () => void }) {
  const end = useEndZone(zone.id);
  const form = useContractForm(endZoneBody, {
    defaultValues: { reason: "", expectedVersion: zone.version } as never,
    messages: { reason: "Say why the zone ends" },
    onReload: onCancel,
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await end.mutateAsync(input);
        onSaved(`Zone ${zone.name} ended.`);
      }}
      aria-label={`End zone ${zone.name}`}
      summaryHeadingLevel="h3"
    >
      <p>It stops applying now. Its history is kept.</p>
      <TextField name="reason" label="Reason" maxLength={500} />
      <FormButtons submit={end.isPending ? "Ending…" : "End zone"} onCancel={onCancel} />
    </Form>
  );
}

/** The add/change form's own fields (shape typed or drawn, one weekly window); the request is built from them. */
type ZoneFormValues = {
  name: string;
  kind: string;
  purpose: string;
  bufferMeters: number | "";
  shape: "circle" | "drawn";
  centerLatitude: number | "";
  centerLongitude: number | "";
  radiusMeters: number | "";
  scheduled: "always" | "weekly";
  days: string[];
  start: string;
  end: string;
};

function zoneRequest(values: ZoneFormValues, drawn: ZoneGeometry | null) {
  const geometry =
    values.shape === "drawn"
      ? (drawn ?? undefined)
      : { type: "Circle", center: [values.centerLongitude, values.centerLatitude], radiusMeters: values.radiusMeters };
  return {
    name: values.name,
    kind: values.kind,
    purpose: values.purpose,
    bufferMeters: values.bufferMeters,
    geometry,
    schedule: values.scheduled === "always" ? null : { windows: [{ days: values.days, start: values.start, end: values.end }] },
  };
}

type ZoneFormMode = { kind: "new"; caseId: string } | { kind: "change"; zone: Zone };

function ZoneForm({
  mode,
  draft,
  setDraft,
  drawMode,
  setDrawMode,
  onSaved,
  onCancel,
}: {
  mode: ZoneFormMode;
  draft: ZoneGeometry | null;
  setDraft: (geometry: ZoneGeometry | null) => void;
  drawMode: DrawMode;
  setDrawMode: (mode: DrawMode) => void;
  onSaved: (saved: Zone) => void;
  onCancel?: () => void;
}) {
  const create = useCreateZone(mode.kind === "new" ? mode.caseId : "");
  const replace = useReplaceZone(mode.kind === "change" ? mode.zone.id : "");
  const zone = mode.kind === "change" ? mode.zone : null;
  const circle = zone?.geometry.type === "Circle" ? zone.geometry : null;
  const window = zone?.schedule?.windows[0];
  // A change keeps the zone's polygon unless a circle is typed (drawing happens on the section's map, for new zones).
  const kept = zone && zone.geometry.type === "Polygon" ? zone.geometry : null;
  // useContractForm keeps the first render's toRequest: the drawing is read through a ref.
  const drawn = useRef<ZoneGeometry | null>(null);
  drawn.current = mode.kind === "new" ? draft : kept;
  const schema = mode.kind === "new" ? newZoneBody : newZoneBody.extend({ expectedVersion: z.number() });
  const form = useContractForm(schema, {
    defaultValues: {
      name: zone?.name ?? "",
      kind: zone?.kind ?? "exclusion",
      purpose: zone?.purpose ?? "",
      bufferMeters: zone?.bufferMeters ?? 0,
      shape: circle || mode.kind === "new" ? "circle" : "drawn",
      centerLatitude: circle ? circle.center[1] : "",
      centerLongitude: circle ? circle.center[0] : "",
      radiusMeters: circle ? circle.radiusMeters : 100,
      scheduled: zone?.schedule ? "weekly" : "always",
      days: window?.days ?? [],
      start: window?.start ?? "",
      end: window?.end ?? "",
    } as never,
    toRequest: (values) => ({
      ...zoneRequest(values as unknown as ZoneFormValues, drawn.current),
      ...(zone ? { expectedVersion: zone.version } : {}),
    }),
    fieldAliases: {
      geometry: "shape",
      "geometry.center.0": "centerLongitude",
      "geometry.center.1": "centerLatitude",
      "geometry.radiusMeters": "radiusMeters",
      "geometry.coordinates": "shape",
      "schedule.windows.0.days": "days",
      "schedule.windows.0.start": "start",
      "schedule.windows.0.end": "end",
    },
    messages: {
      name: "Name the zone",
      purpose: "Choose what the zone is for",
      bufferMeters: "Enter the approach warning distance in metres (0 to 10,000)",
      shape: "Draw the zone on the map, or type a circle's centre and radius",
      centerLatitude: "Enter the centre's latitude, from −90 to 90",
      centerLongitude: "Enter the centre's longitude, from −180 to 180",
      radiusMeters: "Enter the radius in metres (5 to 100,000)",
      days: "Choose the days the window starts on",
      start: "Enter the start as a 24-hour time, such as 21:00",
      end: "Enter the end as a 24-hour time, such as 06:00",
    },
    onReload: onCancel,
  });
  const shape = form.watch("shape" as never) as unknown as ZoneFormValues["shape"];
  const scheduled = form.watch("scheduled" as never) as unknown as ZoneFormValues["scheduled"];
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        const saved = mode.kind === "new" ? await create.mutateAsync(input) : await replace.mutateAsync(input as never);
        form.reset();
        onSaved(saved);
      }}
      aria-label={mode.kind === "new" ? "Add a zone" : `Change zone ${zone?.name}`}
      summaryHeadingLevel="h3"
    >
      <TextField name="name" label="Name" maxLength={160} />
      <SelectField name="kind" label="Kind" options={kindOptions} />
      <SelectField name="purpose" label="Purpose" options={purposeOptions} placeholder="- Choose -" />
      <TextField name="bufferMeters" label="Approach warning distance (metres)" hint="For exclusion zones; 0 for none." numeric />
      <RadioGroupField
        name="shape"
        legend="Shape"
        options={[
          { value: "circle", label: "A circle: type its centre and radius" },
          { value: "drawn", label: mode.kind === "new" ? "Draw it on the map with the mouse" : "Keep the drawn shape" },
        ]}
      />
      {shape === "circle" ? (
        <div className="grid-row grid-gap-1">
          <TextField name="centerLatitude" label="Centre latitude" numeric inputMode="decimal" className="grid-col-12" />
          <TextField name="centerLongitude" label="Centre longitude" numeric inputMode="decimal" />
          <TextField name="radiusMeters" label="Radius (metres)" numeric />
        </div>
      ) : mode.kind === "new" ? (
        <div className="margin-top-1" data-testid="draw-tools">
          <p className="margin-y-05">{draft ? `Drawn: ${shapeWords(draft)}.` : "Nothing drawn yet."}</p>
          <ul className="usa-button-group">
            <li className="usa-button-group__item">
              <Button
                variant={drawMode === "Polygon" ? "primary" : "outline"}
                onClick={() => setDrawMode(drawMode === "Polygon" ? null : "Polygon")}
              >
                {drawMode === "Polygon" ? "Stop drawing" : "Draw an area"}
              </Button>
            </li>
            <li className="usa-button-group__item">
              <Button
                variant={drawMode === "Circle" ? "primary" : "outline"}
                onClick={() => setDrawMode(drawMode === "Circle" ? null : "Circle")}
              >
                {drawMode === "Circle" ? "Stop drawing" : "Draw a circle"}
              </Button>
            </li>
            {draft ? (
              <li className="usa-button-group__item">
                <Button variant="unstyled" onClick={() => setDraft(null)}>
                  Clear the drawing
                </Button>
              </li>
            ) : null}
          </ul>
          {drawMode ? (
            <p className="usa-hint" role="status">
              {drawMode === "Polygon"
                ? "Click each corner on the map; click the first corner again to finish."
                : "Press on the map at the centre and drag out the radius."}
            </p>
          ) : null}
        </div>
      ) : null}
      <RadioGroupField
        name="scheduled"
        legend="When it applies"
        options={[
          { value: "always", label: "At all times" },
          { value: "weekly", label: "On a weekly schedule (the agency's time zone)" },
        ]}
      />
      {scheduled === "weekly" ? (
        <>
          <CheckboxGroupField name="days" legend="Days it starts on" options={dayOptions} />
          <TextField name="start" label="From (24-hour time)" placeholder="21:00" maxLength={5} />
          <TextField name="end" label="To (24-hour time; earlier than the start runs overnight)" placeholder="06:00" maxLength={5} />
        </>
      ) : null}
      {onCancel ? (
        <FormButtons submit={replace.isPending ? "Saving…" : "Save changed zone"} onCancel={onCancel} />
      ) : (
        <SubmitButton>{create.isPending ? "Adding…" : "Add zone"}</SubmitButton>
      )}
    </Form>
  );
}

function ExceptionForm({ zone, onSaved, onCancel }: { zone: Zone; onSaved: (text: string) => void; onCancel: () => void }) {
  const approve = useAddZoneException(zone.id);
  const form = useContractForm(zoneExceptionBody, {
    defaultValues: { kind: "excused", from: "", to: "", reason: "", expectedVersion: zone.version } as never,
    toRequest: (values: { from?: unknown; to?: unknown }) => ({
      ...values,
      from: fromLocalInput(String(values.from ?? "")),
      to: fromLocalInput(String(values.to ?? "")),
    }),
    messages: { from: "Say when the exception starts", to: "Say when it ends", reason: "Say why it is approved" },
    onReload: onCancel,
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await approve.mutateAsync(input);
        onSaved(`Exception to ${zone.name} approved.`);
      }}
      aria-label={`Approve an exception to ${zone.name}`}
      summaryHeadingLevel="h3"
    >
      <p>You are recorded as the approver.</p>
      <RadioGroupField
        name="kind"
        legend="Exception"
        options={[
          { value: "excused", label: "Excused: the schedule does not apply (a late shift, a hospital visit)" },
          { value: "extra", label: "Also in force outside the schedule" },
        ]}
      />
      <TextField name="from" label="From" type="datetime-local" />
      <TextField name="to" label="To" type="datetime-local" />
      <TextField name="reason" label="Reason" maxLength={500} />
      <FormButtons submit={approve.isPending ? "Approving…" : "Approve exception"} onCancel={onCancel} />
    </Form>
  );
}

/** The home typed as latitude and longitude, or picked on the map (the form then shows the picked point to save). */
function HomePositionForm({
  caseId,
  initial,
  picking,
  onPick,
  onSaved,
}: {
  caseId: string;
  initial: { latitude: number; longitude: number } | null;
  picking: boolean;
  onPick: () => void;
  onSaved: () => void;
}) {
  const save = useSetHomePosition(caseId);
  const form = useContractForm(homePositionBody, {
    defaultValues: { latitude: initial?.latitude ?? "", longitude: initial?.longitude ?? "" } as never,
    messages: { latitude: "Enter the latitude, from −90 to 90", longitude: "Enter the longitude, from −180 to 180" },
  });
  return (
    <details className="margin-y-2" open={picking || undefined}>
      <summary>Home position on the map</summary>
      <Form
        form={form}
        onSubmit={async (input) => {
          await save.mutateAsync(input);
          onSaved();
        }}
        aria-label="Home position"
        summaryHeadingLevel="h4"
      >
        <p className="usa-hint">Type the position, or pick it on the map. A curfew's home zone is a circle around it.</p>
        <TextField name="latitude" label="Home latitude" numeric inputMode="decimal" />
        <TextField name="longitude" label="Home longitude" numeric inputMode="decimal" />
        <ul className="usa-button-group">
          <li className="usa-button-group__item">
            <Button variant="outline" onClick={onPick}>
              {picking ? "Click the home on the map…" : "Pick on the map"}
            </Button>
          </li>
          <li className="usa-button-group__item">
            <SubmitButton>{save.isPending ? "Saving…" : "Save home position"}</SubmitButton>
          </li>
        </ul>
      </Form>
    </details>
  );
}

function ImportCaseZonesForm({ caseId, onSaved, onCancel }: { caseId: string; onSaved: (text: string) => void; onCancel: () => void }) {
  const importZones = useImportCaseZones(caseId);
  const [file, setFile] = useState<{ value: unknown; fileName: string } | { error: string } | null>(null);
  // useContractForm keeps the first render's toRequest: the file is read through a ref.
  const fileRef = useRef(file);
  fileRef.current = file;
  const [report, setReport] = useState<FieldIssue[]>([]);
  const form = useContractForm(caseZoneImportBody, {
    defaultValues: { nameProperty: "name", kind: "exclusion", purpose: "", bufferMeters: 100 } as never,
    toRequest: (values) => ({
      ...values,
      featureCollection: fileRef.current && "value" in fileRef.current ? fileRef.current.value : undefined,
    }),
    check: () => (file && "value" in file ? [] : [{ field: "nameProperty", message: file ? file.error : "Choose a GeoJSON file first" }]),
    messages: { purpose: "Choose what the zones are for", bufferMeters: "Enter the approach distance in metres (0 to 10,000)" },
  });
  return (
    <>
      <Form
        form={form}
        onSubmit={async (input) => {
          setReport([]);
          try {
            const result = await importZones.mutateAsync(input);
            onSaved(`${result.created === 1 ? "1 zone" : `${result.created} zones`} imported.`);
          } catch (error) {
            setReport(importIssuesOf(error));
            throw error;
          }
        }}
        aria-label="Import zones from a GeoJSON file"
        summaryHeadingLevel="h3"
      >
        <GeoJsonFileInput onRead={setFile} />
        <TextField name="nameProperty" label="Property that names each zone" maxLength={60} />
        <SelectField name="kind" label="Kind" options={kindOptions} />
        <SelectField name="purpose" label="Purpose" options={purposeOptions} placeholder="- Choose -" />
        <TextField name="bufferMeters" label="Approach warning distance (metres)" numeric />
        <FormButtons submit={importZones.isPending ? "Importing…" : "Import zones"} onCancel={onCancel} />
      </Form>
      <ImportReport issues={report} />
    </>
  );
}
