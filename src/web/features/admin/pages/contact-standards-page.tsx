import { useState } from "react";
import { useFieldArray } from "react-hook-form";
import { contactStandardsBody } from "../../../../shared/contract/contacts";
import { Form, fieldError, SelectField, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ErrorAlert, Loading, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { levelLabels, optionsFrom, tagLabels } from "../../../lib/supervision-labels";
import { type ContactStandards, useContactStandards, useUpdateContactStandards } from "../api/contact-standards";
import {
  kindOptions,
  periodOptions,
  rowFrom,
  rowLimit,
  standardsFieldAliases,
  standardsMessages,
  standardsRequest,
} from "../lib/standards-form";

export function ContactStandardsPage() {
  usePageTitle("Contact standards");
  const standards = useContactStandards();
  return (
    <>
      <h1>Contact standards</h1>
      <p className="maxw-tablet-lg">
        How many face-to-face and field contacts officers must have with each person per period, by supervision level and (optionally)
        caseload tag, and how soon a new address must be verified by a home visit. The caseload and every person page measure contacts
        against these standards.
      </p>
      {standards.isPending ? <Loading /> : null}
      <ErrorAlert error={standards.error} />
      {standards.data ? <StandardsForm standards={standards.data} /> : null}
    </>
  );
}

function StandardsForm({ standards }: { standards: ContactStandards }) {
  const update = useUpdateContactStandards();
  const [announcement, setAnnouncement] = useState("");
  const form = useContractForm(contactStandardsBody, {
    defaultValues: {
      requirements: standards.requirements.map(rowFrom),
      homeVerificationDays: String(standards.homeVerificationDays),
      dueSoonDays: String(standards.dueSoonDays),
      timeZone: standards.timeZone,
    } as never,
    toRequest: standardsRequest as never,
    messages: standardsMessages,
    fieldAliases: standardsFieldAliases,
  });
  const rows = useFieldArray({ control: form.control, name: "requirements" as never });
  const requirementsError = fieldError(form as never, "requirements") ?? fieldError(form as never, "requirements.root");

  const send = async (request: Parameters<typeof update.mutateAsync>[0]) => {
    setAnnouncement("");
    await update.mutateAsync(request);
    setAnnouncement("Contact standards saved. The caseload and person pages now use them.");
  };

  return (
    <>
      {standards.isDefault ? (
        <Alert type="info" slim role="status">
          The default standards (CSOSA) are in use. Saving this form replaces them with your agency's own.
        </Alert>
      ) : (
        <Alert type="info" slim role="status">
          Your agency's own standards are in use.
        </Alert>
      )}
      <Form form={form} onSubmit={send} className="usa-form usa-form--large maxw-full" aria-label="Contact standards">
        {/* Each field's label is its column header (on a phone, the line above it): the labels are for screen readers. */}
        <div className="waypoint-standards-table">
          <Table caption="Contact requirements">
            <thead>
              <tr>
                <th scope="col">Supervision level</th>
                <th scope="col">Caseload tag</th>
                <th scope="col">Kind of contact</th>
                <th scope="col">Number of contacts</th>
                <th scope="col">Period</th>
                <th scope="col">
                  <span className="usa-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.fields.map((row, index) => {
                const name = `Requirement ${index + 1}`;
                const path = `requirements.${index}`;
                return (
                  <tr key={row.id} data-requirement={index}>
                    <td data-label="Supervision level">
                      <SelectField
                        label={`${name}: supervision level`}
                        name={`${path}.supervisionLevel`}
                        options={optionsFrom(levelLabels)}
                      />
                    </td>
                    <td data-label="Caseload tag">
                      <SelectField label={`${name}: caseload tag`} name={`${path}.caseloadTag`} options={optionsFrom(tagLabels, "Any")} />
                    </td>
                    <td data-label="Kind of contact">
                      <SelectField label={`${name}: kind of contact`} name={`${path}.kind`} options={kindOptions} />
                    </td>
                    <td data-label="Number of contacts">
                      <TextField label={`${name}: number of contacts`} name={`${path}.count`} inputMode="numeric" className="width-8" />
                    </td>
                    <td data-label="Period">
                      <SelectField label={`${name}: period`} name={`${path}.periodMonths`} options={periodOptions} />
                    </td>
                    <td>
                      <Button variant="unstyled" onClick={() => rows.remove(index)}>
                        Remove<span className="usa-sr-only"> requirement {index + 1}</span>
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
        {requirementsError ? <span className="usa-error-message">{requirementsError}</span> : null}
        <Button
          variant="outline"
          disabled={rows.fields.length >= rowLimit}
          onClick={() =>
            rows.append(
              rowFrom({ supervisionLevel: "moderate", caseloadTag: null, kind: "face_to_face", count: 1, periodMonths: 1 }) as never,
            )
          }
        >
          Add a requirement
        </Button>
        <fieldset className="usa-fieldset margin-top-4">
          <legend className="usa-legend usa-legend--large">Deadlines and time zone</legend>
          <TextField
            label="Verify a new address within (days)"
            name="homeVerificationDays"
            hint="A completed home visit verifies the current address."
            inputMode="numeric"
            className="width-8"
          />
          <TextField
            label="Show contacts as due soon (days before the deadline)"
            name="dueSoonDays"
            inputMode="numeric"
            className="width-8"
          />
          <TextField
            label="Time zone"
            name="timeZone"
            hint="An IANA time zone, such as America/New_York. Periods and deadlines are counted in it."
          />
        </fieldset>
        {announcement ? (
          <Alert type="success" slim role="status">
            {announcement}
          </Alert>
        ) : null}
        <SubmitButton>Save contact standards</SubmitButton>
      </Form>
    </>
  );
}
