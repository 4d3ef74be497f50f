import { useEffect, useId, useRef, useState } from "react";
import { z } from "zod";
import { Form, SubmitButton, TextAreaField } from "../../../components/form";
import { Button, ConfirmDialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { Alert } from "../../../components/ui/alert";
import { isApiError } from "../../../lib/api-client";
import { useContractForm } from "../../../lib/contract-form";
import { formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import {
  type InstrumentImport,
  type InstrumentLibraryEntry,
  useImportInstrument,
  useInstrumentLibrary,
  useSetInstrumentStatus,
} from "../api/assessments";
import { definitionPathInWords } from "../lib/definition-paths";

/** The form holds the JSON as text (pasted, or read from the chosen file); it becomes the import body when sent. */
const importForm = z.strictObject({
  json: z.string().trim().min(1, "Paste the instrument's JSON or choose a file"),
});

/** A bare definition, or `{ definition, riskLevels, supervisionLevels }` for a risk and needs instrument. */
const toImport = (parsed: unknown): InstrumentImport =>
  parsed && typeof parsed === "object" && !Array.isArray(parsed) && "definition" in parsed
    ? (parsed as InstrumentImport)
    : { definition: parsed };

const jsonProblem = (text: string): string | null => {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `This is not valid JSON (${error instanceof Error ? error.message : "it cannot be read"})`;
  }
};

const purposeLabels = { risk_needs: "Risk and needs", screener: "Screener" } as const;
const statusLabels = { draft: "Draft: not yet published", active: "Active", retired: "Retired" } as const;

type Report = { message: string; issues: { field: string; message: string }[]; sent: unknown };
type StatusChange = { entry: InstrumentLibraryEntry; status: "active" | "retired" };

/** Administrators: the agency's assessment instruments, importing its own, and publishing or retiring versions. */
export function InstrumentsPage() {
  usePageTitle("Assessment instruments");
  const library = useInstrumentLibrary();
  const [change, setChange] = useState<StatusChange | null>(null);
  const [announcement, setAnnouncement] = useState("");
  return (
    <>
      <h1>Assessment instruments</h1>
      <p className="maxw-tablet-lg">
        Officers score assessments with these instruments. Waypoint ships two; your agency can import its own, which is checked exactly as
        the shipped ones are. A changed instrument is imported as a new version, so completed assessments keep the version they were scored
        with. An imported version is a draft until you publish it.
      </p>
      {announcement ? (
        <Alert type="success" slim role="status">
          {announcement}
        </Alert>
      ) : null}
      <ImportSection onPublish={(entry) => setChange({ entry, status: "active" })} />
      <section aria-labelledby="library-heading" className="margin-top-4">
        <h2 id="library-heading">Your agency's instruments</h2>
        {library.isPending ? <Loading /> : null}
        <ErrorAlert error={library.error} />
        {library.data ? (
          <Table caption="Instrument versions, by instrument">
            <thead>
              <tr>
                <th scope="col">Instrument</th>
                <th scope="col">Purpose</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Assessments</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {library.data.instruments.map((entry) => (
                <tr key={`${entry.id}@${entry.version}`} data-testid="instrument">
                  <th scope="row">
                    {entry.title}, version {entry.version}
                  </th>
                  <td>{purposeLabels[entry.purpose]}</td>
                  <td>
                    {entry.source === "shipped"
                      ? "Shipped with Waypoint"
                      : `Imported by ${entry.importedBy ?? "a former user"} on ${formatDateTime(entry.importedAt)}`}
                  </td>
                  <td>
                    {statusLabels[entry.status]}
                    {entry.statusChangedBy ? ` (${entry.statusChangedBy}, ${formatDateTime(entry.statusChangedAt)})` : ""}
                  </td>
                  <td>
                    {entry.assessmentsCompleted} completed, {entry.assessmentsStarted} in progress
                  </td>
                  <td>
                    {entry.status === "active" ? (
                      <Button variant="outline" onClick={() => setChange({ entry, status: "retired" })}>
                        Retire<span className="usa-sr-only">{` ${entry.title}, version ${entry.version}`}</span>
                      </Button>
                    ) : (
                      <Button variant="outline" onClick={() => setChange({ entry, status: "active" })}>
                        Publish<span className="usa-sr-only">{` ${entry.title}, version ${entry.version}`}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
      </section>
      {change ? (
        <StatusDialog
          change={change}
          onClose={() => setChange(null)}
          onDone={(entry) =>
            setAnnouncement(
              entry.status === "active"
                ? `${entry.title}, version ${entry.version} is published: officers can start assessments on it.`
                : `${entry.title}, version ${entry.version} is retired: no new assessments start on it.`,
            )
          }
        />
      ) : null}
    </>
  );
}

function StatusDialog({
  change,
  onClose,
  onDone,
}: {
  change: StatusChange;
  onClose: () => void;
  onDone: (entry: InstrumentLibraryEntry) => void;
}) {
  const setStatus = useSetInstrumentStatus();
  const { entry, status } = change;
  const name = `${entry.title}, version ${entry.version}`;
  return (
    <ConfirmDialog
      title={status === "active" ? `Publish ${name}?` : `Retire ${name}?`}
      confirmLabel={status === "active" ? "Publish" : "Retire"}
      destructive={status === "retired"}
      pending={setStatus.isPending}
      error={setStatus.error}
      onClose={onClose}
      onConfirm={async () => {
        const saved = await setStatus.mutateAsync({ instrumentId: entry.id, version: entry.version, status });
        onDone(saved);
      }}
    >
      <p>
        {status === "active"
          ? "Officers of your agency can start assessments on it from now on. When the instrument has several active versions, new assessments use the highest."
          : `No new assessments start on it. The ${entry.assessmentsCompleted} completed and ${entry.assessmentsStarted} in progress keep this version.`}
      </p>
    </ConfirmDialog>
  );
}

function ImportSection({ onPublish }: { onPublish: (entry: InstrumentLibraryEntry) => void }) {
  const importInstrument = useImportInstrument();
  const [report, setReport] = useState<Report | null>(null);
  const [imported, setImported] = useState<InstrumentLibraryEntry | null>(null);
  // Published from the library's dialog since: the library's row says so.
  const library = useInstrumentLibrary();
  const importedStatus =
    library.data?.instruments.find((entry) => entry.id === imported?.id && entry.version === imported?.version)?.status ?? imported?.status;
  const fileId = useId();
  const form = useContractForm(importForm, {
    defaultValues: { json: "" },
    check: ({ json }) => {
      const problem = jsonProblem(json);
      return problem ? [{ field: "json", message: problem }] : [];
    },
  });
  return (
    <section aria-labelledby="import-heading" className="margin-top-4">
      <h2 id="import-heading">Import an instrument</h2>
      <p className="maxw-tablet-lg">
        Choose the instrument's JSON file or paste its text. A risk and needs instrument also says which risk level and supervision level
        each category sets: send <code>{"{ definition, riskLevels, supervisionLevels }"}</code>.
      </p>
      {report ? <ValidationReport report={report} /> : null}
      {imported ? (
        <Alert
          type="success"
          role="status"
          heading={imported.status === "draft" ? "Imported as a draft" : "This version was imported before"}
          headingLevel="h3"
        >
          <p className="margin-y-1">
            {imported.title}, version {imported.version}: {imported.domains} {imported.domains === 1 ? "domain" : "domains"},{" "}
            {imported.items} questions, categories {imported.categories.map((category) => category.label).join(", ")}.{" "}
            {importedStatus === "draft"
              ? "Officers cannot use it until it is published."
              : `It is ${statusLabels[importedStatus ?? "draft"].toLowerCase()}.`}
          </p>
          {importedStatus === "draft" ? (
            <Button onClick={() => onPublish(imported)}>
              Publish {imported.title}, version {imported.version}
            </Button>
          ) : null}
        </Alert>
      ) : null}
      <Form
        form={form}
        summaryHeadingLevel="h3"
        aria-label="Import an instrument"
        className="usa-form usa-form--large maxw-tablet-lg"
        onSubmit={async ({ json }) => {
          setReport(null);
          setImported(null);
          const body = toImport(JSON.parse(json));
          try {
            setImported(await importInstrument.mutateAsync(body));
            form.reset({ json: "" });
          } catch (error) {
            // A definition with problems: the report lists each in words with its path, not the form's one-line summary.
            if (isApiError(error) && error.status === 400 && error.issues.length > 0) {
              setReport({ message: error.message.split(". ")[0] ?? error.message, issues: error.issues, sent: body });
              return;
            }
            throw error;
          }
        }}
      >
        <div className="usa-form-group">
          <label className="usa-label" htmlFor={fileId}>
            Instrument file
          </label>
          <span className="usa-hint" id={`${fileId}-hint`}>
            A .json file; its text appears below, where you can also paste it.
          </span>
          <input
            id={fileId}
            className="usa-file-input"
            type="file"
            accept=".json,application/json"
            aria-describedby={`${fileId}-hint`}
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (file) form.setValue("json", await file.text());
            }}
          />
        </div>
        <TextAreaField name="json" label="Instrument JSON" className="font-mono-xs" rows={12} spellCheck={false} />
        <SubmitButton>{importInstrument.isPending ? "Checking…" : "Check and import"}</SubmitButton>
      </Form>
    </section>
  );
}

/** The server's problems with the definition, each in words and with its path; takes focus when shown (USWDS error summary). */
function ValidationReport({ report }: { report: Report }) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  useEffect(() => {
    if (report) ref.current?.focus();
  }, [report]);
  return (
    <div
      className="usa-alert usa-alert--error margin-bottom-3"
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby={headingId}
      data-error-summary
    >
      <div className="usa-alert__body">
        <h3 className="usa-alert__heading" id={headingId}>
          {report.message}
        </h3>
        <p className="usa-alert__text">Nothing was imported. Correct these and import the file again:</p>
        <ul className="usa-list">
          {report.issues.map((issue) => (
            <li key={`${issue.field}:${issue.message}`}>
              {definitionPathInWords(issue.field, report.sent)}: {issue.message}. <span className="text-base">(at </span>
              <code className="waypoint-break-anywhere">{issue.field}</code>
              <span className="text-base">)</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
