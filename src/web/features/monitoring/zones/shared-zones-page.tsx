import { useRef, useState } from "react";
import { caseloadTag } from "../../../../shared/contract/cases";
import { sharedZoneImportBody, zoneKindLabels, zonePurposeLabels } from "../../../../shared/contract/monitoring-zones";
import { Form, SelectField, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import type { FieldIssue } from "../../../lib/api-client";
import { useContractForm } from "../../../lib/contract-form";
import { formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { tagLabels } from "../../../lib/supervision-labels";
import { GeoJsonFileInput, ImportReport, importIssuesOf } from "./geojson-import";
import { useEndSharedZone, useImportSharedZones, useSharedZones, type Zone } from "./zones-api";

const tagOptions = caseloadTag.options.map((value) => ({ value, label: tagLabels[value] }));
export const kindOptions = (["exclusion", "inclusion"] as const).map((value) => ({ value, label: zoneKindLabels[value] }));
export const purposeOptions = (Object.keys(zonePurposeLabels) as (keyof typeof zonePurposeLabels)[]).map((value) => ({
  value,
  label: zonePurposeLabels[value],
}));

/** Administrators: zones the agency shares across cases (all schools, say), each applying to the cases with a tag. */
export function SharedZonesPage() {
  usePageTitle("Shared zones");
  const zones = useSharedZones();
  const [notice, setNotice] = useState("");
  const [ending, setEnding] = useState<Zone | null>(null);
  return (
    <>
      <h1>Shared zones</h1>
      <p className="maxw-tablet-lg">
        Places that apply to every monitored person whose case carries a tag: all schools for sex-offense cases, for example. Import them
        from a GeoJSON file; each feature's polygon becomes a zone named by one of its properties.
      </p>
      {notice ? (
        <Alert type="success" slim role="status">
          {notice}
        </Alert>
      ) : null}
      <ErrorAlert error={zones.error} />
      {zones.isPending ? <Loading /> : null}
      {zones.data ? (
        <Table caption={`Shared zones in force (${zones.data.total})`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Applies to</th>
              <th scope="col">Kind</th>
              <th scope="col">Purpose</th>
              <th scope="col">Approach warning</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody data-testid="shared-zone-rows">
            {zones.data.zones.length === 0 ? (
              <tr>
                <td colSpan={7}>No shared zones yet.</td>
              </tr>
            ) : null}
            {zones.data.zones.map((zone) => (
              <tr key={zone.id}>
                <th scope="row">{zone.name}</th>
                <td>{zone.appliesToTag ? `${tagLabels[zone.appliesToTag]} cases` : "—"}</td>
                <td>{zoneKindLabels[zone.kind]}</td>
                <td>{zonePurposeLabels[zone.purpose]}</td>
                <td>{zone.bufferMeters > 0 ? `Within ${zone.bufferMeters} m` : "None"}</td>
                <td>{formatDateTime(zone.validFrom)}</td>
                <td>
                  <Button variant="unstyled" onClick={() => setEnding(zone)}>
                    End<span className="usa-sr-only"> {zone.name}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {zones.data && zones.data.total > zones.data.zones.length ? (
        <p>The first {zones.data.zones.length} are listed, by tag and name.</p>
      ) : null}
      <ImportForm onSaved={(count) => setNotice(`${count === 1 ? "1 shared zone" : `${count} shared zones`} imported.`)} />
      {ending ? <EndSharedZone zone={ending} onDone={(text) => setNotice(text)} onClose={() => setEnding(null)} /> : null}
    </>
  );
}

function EndSharedZone({ zone, onDone, onClose }: { zone: Zone; onDone: (text: string) => void; onClose: () => void }) {
  const end = useEndSharedZone(zone.id);
  return (
    <ConfirmDialog
      title={`End ${zone.name}?`}
      confirmLabel="End zone"
      destructive
      pending={end.isPending}
      error={end.error}
      onConfirm={async () => {
        await end.mutateAsync({ reason: "Ended by an administrator", expectedVersion: zone.version });
        onDone(`${zone.name} ended.`);
      }}
      onClose={onClose}
    >
      <p>It no longer applies to any case from now on. Its history is kept.</p>
    </ConfirmDialog>
  );
}

function ImportForm({ onSaved }: { onSaved: (count: number) => void }) {
  const importZones = useImportSharedZones();
  const [file, setFile] = useState<{ value: unknown; fileName: string } | { error: string } | null>(null);
  // useContractForm keeps the first render's toRequest: the file is read through a ref.
  const fileRef = useRef(file);
  fileRef.current = file;
  const [report, setReport] = useState<FieldIssue[]>([]);
  const form = useContractForm(sharedZoneImportBody, {
    defaultValues: { nameProperty: "name", kind: "exclusion", purpose: "school", bufferMeters: 150, appliesToTag: "" } as never,
    toRequest: (values) => ({
      ...values,
      featureCollection: fileRef.current && "value" in fileRef.current ? fileRef.current.value : undefined,
    }),
    check: () => (file && "value" in file ? [] : [{ field: "nameProperty", message: file ? file.error : "Choose a GeoJSON file first" }]),
    messages: {
      appliesToTag: "Choose the tag of the cases it applies to",
      bufferMeters: "Enter the approach distance in metres (0 to 10,000)",
    },
  });
  return (
    <section aria-labelledby="import-shared-zones" className="margin-top-4">
      <h2 id="import-shared-zones">Import shared zones</h2>
      <Form
        form={form}
        onSubmit={async (input) => {
          setReport([]);
          try {
            const result = await importZones.mutateAsync(input);
            form.reset();
            onSaved(result.created);
          } catch (error) {
            setReport(importIssuesOf(error));
            throw error;
          }
        }}
        summaryHeadingLevel="h3"
        aria-label="Import shared zones"
      >
        <GeoJsonFileInput onRead={setFile} />
        <TextField name="nameProperty" label="Property that names each zone" maxLength={60} />
        <SelectField name="appliesToTag" label="Applies to cases tagged" options={tagOptions} placeholder="- Choose -" />
        <SelectField name="kind" label="Kind" options={kindOptions} />
        <SelectField name="purpose" label="Purpose" options={purposeOptions} />
        <TextField name="bufferMeters" label="Approach warning distance (metres)" numeric inputMode="numeric" />
        <SubmitButton>{importZones.isPending ? "Importing…" : "Import zones"}</SubmitButton>
      </Form>
      <ImportReport issues={report} />
    </section>
  );
}
