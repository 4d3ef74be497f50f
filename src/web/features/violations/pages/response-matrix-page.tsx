import { useState } from "react";
import { useFieldArray } from "react-hook-form";
import { riskLevel } from "../../../../shared/contract/cases";
import {
  type ResponseKind,
  responseKindInfo,
  responseKinds,
  responseMatrixBody,
  severityLabels,
  severityTableBody,
  violationSeverities,
  violationTypeLabels,
  violationTypes,
} from "../../../../shared/contract/violations";
import { CheckboxGroupField, Form, SelectField, SubmitButton } from "../../../components/form";
import { Alert, Button, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { riskLabels } from "../../../lib/supervision-labels";
import { IncentiveSettingsSection } from "../../incentives/components/incentive-settings-form";
import { type MatrixInput, type SeveritiesInput, useSaveSettings, useViolationSettings, type ViolationSettings } from "../api/violations";

const severityOptions = violationSeverities.map((severity) => ({ value: severity, label: severityLabels[severity] }));
const responseOptions = responseKinds.map((kind: ResponseKind) => ({
  value: kind,
  label: `${responseKindInfo[kind].label}${responseKindInfo[kind].goesToAuthority ? " (supervisor approves)" : ""}`,
}));

/** Administrators: the severity of each kind of violation, and the response matrix officers choose from. */
export function ResponseMatrixPage() {
  usePageTitle("Response matrix");
  const settings = useViolationSettings();
  return (
    <>
      <h1>Response matrix</h1>
      <p className="maxw-tablet-lg">
        Each violation gets a severity from its kind. Officers then choose a response from the matrix's cell for that severity and the
        person's risk level; a response outside the cell needs a reason and a supervisor's approval.
      </p>
      {settings.isPending ? <Loading /> : null}
      <ErrorAlert error={settings.error} />
      {settings.data ? (
        <>
          <MatrixForm key={`matrix-${settings.data.matrix.version}`} settings={settings.data} />
          <SeveritiesForm key={`severities-${JSON.stringify(settings.data.severities)}`} settings={settings.data} />
        </>
      ) : null}
      <IncentiveSettingsSection />
    </>
  );
}

function MatrixForm({ settings }: { settings: ViolationSettings }) {
  const save = useSaveSettings<MatrixInput>("matrix");
  const [announcement, setAnnouncement] = useState("");
  const form = useContractForm(responseMatrixBody, {
    defaultValues: { rows: settings.matrix.rows, expectedVersion: settings.matrix.version } as never,
  });
  const rows = useFieldArray({ control: form.control, name: "rows" as never });
  return (
    <section aria-labelledby="matrix-heading" className="margin-top-4">
      <h2 id="matrix-heading">Responses by severity and risk</h2>
      <Alert type="info" slim role="status">
        {settings.matrix.isDefault ? `The shipped default is in use. ${settings.matrix.source}.` : "Your agency's own matrix is in use."}
      </Alert>
      {announcement ? (
        <Alert type="success" slim role="status">
          {announcement}
        </Alert>
      ) : null}
      <Form
        form={form}
        onSubmit={async (input) => {
          setAnnouncement("");
          await save.mutateAsync(input);
          setAnnouncement("Response matrix saved. Officers choose from it from now on.");
        }}
        className="usa-form usa-form--large maxw-full"
        aria-label="Response matrix"
      >
        {rows.fields.map((row, index) => (
          <fieldset key={row.id} className="usa-fieldset border-1px border-base-lighter padding-2 margin-bottom-2" data-testid="matrix-row">
            <legend className="usa-legend usa-legend--large">Row {index + 1}</legend>
            <CheckboxGroupField name={`rows.${index}.severities`} legend="Severities this row covers" options={severityOptions} />
            <div className="grid-row grid-gap-2">
              {riskLevel.options.map((risk) => (
                <div key={risk} className="grid-col-12 tablet:grid-col-6 desktop:grid-col-3">
                  <CheckboxGroupField name={`rows.${index}.cells.${risk}`} legend={`${riskLabels[risk]} risk`} options={responseOptions} />
                </div>
              ))}
            </div>
            {rows.fields.length > 1 ? (
              <Button variant="unstyled" onClick={() => rows.remove(index)}>
                Remove row {index + 1}
              </Button>
            ) : null}
          </fieldset>
        ))}
        {rows.fields.length < violationSeverities.length ? (
          <Button variant="outline" onClick={() => rows.append({ severities: [], cells: {} } as never)}>
            Add a row
          </Button>
        ) : null}
        <div className="margin-top-2">
          <SubmitButton>{save.isPending ? "Saving…" : "Save the matrix"}</SubmitButton>
        </div>
      </Form>
    </section>
  );
}

function SeveritiesForm({ settings }: { settings: ViolationSettings }) {
  const save = useSaveSettings<SeveritiesInput>("severities");
  const [announcement, setAnnouncement] = useState("");
  const form = useContractForm(severityTableBody, { defaultValues: { severities: settings.severities } as never });
  return (
    <section aria-labelledby="severities-heading" className="margin-top-4">
      <h2 id="severities-heading">Severity of each kind of violation</h2>
      <Alert type="info" slim role="status">
        {settings.severitiesAreDefault ? "The shipped default severities are in use." : "Your agency's own severities are in use."} A change
        applies to violations recorded from now on.
      </Alert>
      {announcement ? (
        <Alert type="success" slim role="status">
          {announcement}
        </Alert>
      ) : null}
      <Form
        form={form}
        onSubmit={async (input) => {
          setAnnouncement("");
          await save.mutateAsync(input);
          setAnnouncement("Severities saved.");
        }}
        className="usa-form maxw-full"
        aria-label="Severity of each kind of violation"
      >
        <div className="grid-row grid-gap-2">
          {violationTypes.map((type) => (
            <div key={type} className="grid-col-12 tablet:grid-col-6 desktop:grid-col-4">
              <SelectField name={`severities.${type}`} label={violationTypeLabels[type]} options={severityOptions} />
            </div>
          ))}
        </div>
        <div className="margin-top-2">
          <SubmitButton>{save.isPending ? "Saving…" : "Save the severities"}</SubmitButton>
        </div>
      </Form>
    </section>
  );
}
