import { type FormEvent, useState } from "react";
import { Alert, Button, ErrorAlert, Loading, Select, Table, TextInput } from "../../../components/ui";
import { type FieldErrors, hasErrors } from "../../../lib/form-errors";
import { usePageTitle } from "../../../lib/page-title";
import { levelLabels, optionsFrom, type SupervisionLevel, standardKindLabels, tagLabels } from "../../../lib/supervision-labels";
import { type ContactStandards, type RequirementRule, useContactStandards, useUpdateContactStandards } from "../api/contact-standards";

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

type Row = {
  key: number;
  supervisionLevel: SupervisionLevel;
  caseloadTag: string;
  kind: RequirementRule["kind"];
  count: string;
  periodMonths: string;
};

const kindOptions = [
  { value: "face_to_face", label: standardKindLabels.face_to_face },
  { value: "field", label: standardKindLabels.field },
];
const periodOptions = [
  { value: "1", label: "1 month" },
  { value: "2", label: "2 months" },
  { value: "3", label: "3 months" },
];

let nextKey = 0;
const rowFrom = (rule: RequirementRule): Row => ({
  key: nextKey++,
  supervisionLevel: rule.supervisionLevel,
  caseloadTag: rule.caseloadTag ?? "",
  kind: rule.kind,
  count: String(rule.count),
  periodMonths: String(rule.periodMonths),
});

function wholeNumber(text: string, min: number, max: number): number | undefined {
  const value = Number(text);
  return text.trim() && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/** Server issues name fields like `requirements.2.count`: show them on that row's field. */
function serverErrors(error: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  if (error && typeof error === "object" && "issues" in error && Array.isArray(error.issues)) {
    for (const issue of error.issues as { field: string; message: string }[]) {
      const field = issue.field.replace(/^body\./, "");
      const message = issue.message ? issue.message[0]?.toUpperCase() + issue.message.slice(1) : issue.message;
      found[field] ??= message;
    }
  }
  return found;
}

function StandardsForm({ standards }: { standards: ContactStandards }) {
  const update = useUpdateContactStandards();
  const [rows, setRows] = useState<Row[]>(() => standards.requirements.map(rowFrom));
  const [homeDays, setHomeDays] = useState(String(standards.homeVerificationDays));
  const [dueSoonDays, setDueSoonDays] = useState(String(standards.dueSoonDays));
  const [timeZone, setTimeZone] = useState(standards.timeZone);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [announcement, setAnnouncement] = useState("");
  const shown: FieldErrors = { ...serverErrors(update.error), ...Object.fromEntries(Object.entries(errors).filter(([, value]) => value)) };

  const change = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAnnouncement("");
    const found: FieldErrors = {
      homeVerificationDays: wholeNumber(homeDays, 1, 90) === undefined ? "Enter a whole number of days from 1 to 90" : undefined,
      dueSoonDays: wholeNumber(dueSoonDays, 0, 31) === undefined ? "Enter a whole number of days from 0 to 31" : undefined,
      timeZone: timeZone.trim() ? undefined : "Enter the agency's time zone, such as America/New_York",
      requirements: rows.length === 0 ? "Add at least one requirement" : undefined,
    };
    rows.forEach((row, index) => {
      if (wholeNumber(row.count, 1, 31) === undefined) found[`requirements.${index}.count`] = "Enter a whole number from 1 to 31";
    });
    setErrors(found);
    if (hasErrors(found)) return;
    update.mutate(
      {
        requirements: rows.map((row) => ({
          supervisionLevel: row.supervisionLevel,
          caseloadTag: row.caseloadTag || null,
          kind: row.kind,
          count: Number(row.count),
          periodMonths: Number(row.periodMonths) as 1 | 2 | 3,
        })),
        homeVerificationDays: Number(homeDays),
        dueSoonDays: Number(dueSoonDays),
        timeZone: timeZone.trim(),
      },
      { onSuccess: () => setAnnouncement("Contact standards saved. The caseload and person pages now use them.") },
    );
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
      <form className="usa-form usa-form--large maxw-full" aria-label="Contact standards" onSubmit={submit} noValidate>
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
              {rows.map((row, index) => {
                const name = `Requirement ${index + 1}`;
                return (
                  <tr key={row.key} data-requirement={index}>
                    <td data-label="Supervision level">
                      <Select
                        label={`${name}: supervision level`}
                        value={row.supervisionLevel}
                        onChange={(event) => change(row.key, { supervisionLevel: event.target.value as SupervisionLevel })}
                        options={optionsFrom(levelLabels)}
                        error={shown[`requirements.${index}.supervisionLevel`]}
                      />
                    </td>
                    <td data-label="Caseload tag">
                      <Select
                        label={`${name}: caseload tag`}
                        value={row.caseloadTag}
                        onChange={(event) => change(row.key, { caseloadTag: event.target.value })}
                        options={optionsFrom(tagLabels, "Any")}
                        error={shown[`requirements.${index}.caseloadTag`]}
                      />
                    </td>
                    <td data-label="Kind of contact">
                      <Select
                        label={`${name}: kind of contact`}
                        value={row.kind}
                        onChange={(event) => change(row.key, { kind: event.target.value as Row["kind"] })}
                        options={kindOptions}
                        error={shown[`requirements.${index}.kind`]}
                      />
                    </td>
                    <td data-label="Number of contacts">
                      <TextInput
                        label={`${name}: number of contacts`}
                        inputMode="numeric"
                        className="width-8"
                        value={row.count}
                        onChange={(event) => change(row.key, { count: event.target.value })}
                        error={shown[`requirements.${index}.count`]}
                      />
                    </td>
                    <td data-label="Period">
                      <Select
                        label={`${name}: period`}
                        value={row.periodMonths}
                        onChange={(event) => change(row.key, { periodMonths: event.target.value })}
                        options={periodOptions}
                        error={shown[`requirements.${index}.periodMonths`]}
                      />
                    </td>
                    <td>
                      <Button variant="unstyled" onClick={() => setRows((current) => current.filter((item) => item.key !== row.key))}>
                        Remove<span className="usa-sr-only"> requirement {index + 1}</span>
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
        {shown.requirements ? (
          <Alert type="error" slim role="alert">
            {shown.requirements}
          </Alert>
        ) : null}
        <Button
          variant="outline"
          onClick={() =>
            setRows((current) => [
              ...current,
              rowFrom({ supervisionLevel: "moderate", caseloadTag: null, kind: "face_to_face", count: 1, periodMonths: 1 }),
            ])
          }
        >
          Add a requirement
        </Button>
        <fieldset className="usa-fieldset margin-top-4">
          <legend className="usa-legend usa-legend--large">Deadlines and time zone</legend>
          <TextInput
            label="Verify a new address within (days)"
            hint="A completed home visit verifies the current address."
            inputMode="numeric"
            className="width-8"
            value={homeDays}
            onChange={(event) => setHomeDays(event.target.value)}
            error={shown.homeVerificationDays}
          />
          <TextInput
            label="Show contacts as due soon (days before the deadline)"
            inputMode="numeric"
            className="width-8"
            value={dueSoonDays}
            onChange={(event) => setDueSoonDays(event.target.value)}
            error={shown.dueSoonDays}
          />
          <TextInput
            label="Time zone"
            hint="An IANA time zone, such as America/New_York. Periods and deadlines are counted in it."
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
            error={shown.timeZone}
          />
        </fieldset>
        <ErrorAlert error={update.error} />
        {announcement ? (
          <Alert type="success" slim role="status">
            {announcement}
          </Alert>
        ) : null}
        <Button type="submit" pending={update.isPending}>
          Save contact standards
        </Button>
      </form>
    </>
  );
}
