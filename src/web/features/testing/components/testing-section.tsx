import { type FormEvent, Fragment, useState } from "react";
import { Alert, Button, Checkbox, CheckboxGroup, ErrorAlert, Loading, Select, TextInput } from "../../../components/ui";
import { isApiError } from "../../../lib/api-client";
import { toLocalInput } from "../../../lib/datetime-input";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { formatSubstance } from "../../../lib/format";
import { useAgencyToday, useSession } from "../../../lib/session";
import { optionsFrom } from "../../../lib/supervision-labels";
import {
  type DrugTestInput,
  type TestingProgram,
  type TestingProgramInput,
  useCallIn,
  useCaseTests,
  useRecordTest,
  useSetTestingProgram,
} from "../api/testing";
import {
  confirmationLabels,
  custodyActionLabels,
  frequencyLabels,
  methodLabels,
  nextCustodyAction,
  resultLabels,
  statusLabels,
} from "./test-outcome";
import { TestRecords } from "./test-records";
import { TrendChart } from "./trend-chart";

type Method = keyof typeof methodLabels;
type Frequency = keyof typeof frequencyLabels;
type Status = keyof typeof statusLabels;
type Result = keyof typeof resultLabels;
type Confirmation = "not_required" | "pending";
type CustodyAction = keyof typeof custodyActionLabels;
type CustodyDraft = { key: number; action: CustodyAction; byName: string; at: string };

/** What an officer can say when recording: the lab's answer comes later, on the recorded test. */
const recordingConfirmationLabels: Record<Confirmation, string> = {
  not_required: confirmationLabels.not_required,
  pending: "Pending: sent to the lab",
};

/** Comma-separated free text as a list of lower-case names. */
const notifiedLabel = (person: { name: string; role: "officer" | "supervisor" }) =>
  `${person.name} (${person.role === "officer" ? "supervising officer" : "unit supervisor"})`;

const splitList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

const commonSubstances = ["thc", "cocaine", "opiates", "fentanyl", "amphetamines", "methamphetamine", "benzodiazepines", "alcohol"];

/** The Drug testing section of the person page: program, today's call-in, recording a test and the trend. */
export function CaseTesting({ caseId, canRecord }: { caseId: string; canRecord: boolean }) {
  const tests = useCaseTests(caseId);
  const [editing, setEditing] = useState(false);
  if (tests.isPending) return <Loading label="Loading drug tests…" />;
  if (tests.isError) return <ErrorAlert error={tests.error} />;
  const { program } = tests.data;

  return (
    <>
      <h3>Testing program</h3>
      {program && !editing ? (
        <>
          <ProgramSummary program={program} />
          {canRecord ? (
            <Button variant="outline" onClick={() => setEditing(true)}>
              Change the program
            </Button>
          ) : null}
        </>
      ) : canRecord ? (
        <ProgramForm caseId={caseId} program={program} onDone={() => setEditing(false)} />
      ) : (
        <p>No testing program.</p>
      )}
      {program ? <CallInStatus caseId={caseId} /> : null}
      {program && canRecord ? (
        <>
          <h3>Record a test</h3>
          <RecordTestForm key={program.id + program.panel.join(",")} caseId={caseId} program={program} />
        </>
      ) : null}
      <h3>Test trend</h3>
      <TrendChart tests={tests.data.tests} />
      <h3>Recorded tests</h3>
      <TestRecords caseId={caseId} tests={tests.data.tests} canRecord={canRecord} />
    </>
  );
}

function ProgramSummary({ program }: { program: TestingProgram }) {
  return (
    <dl className="waypoint-facts" aria-label="Testing program">
      <dt className="text-bold">Frequency</dt>
      <dd className="margin-left-0 margin-bottom-1">
        {frequencyLabels[program.frequency as Frequency] ?? program.frequency}, {program.testsPerMonth} per month
      </dd>
      <dt className="text-bold">Panel</dt>
      <dd className="margin-left-0 margin-bottom-1">{program.panel.map(formatSubstance).join(", ")}</dd>
      <dt className="text-bold">Method</dt>
      <dd className="margin-left-0 margin-bottom-1">{methodLabels[program.method]}</dd>
      <dt className="text-bold">Started on</dt>
      <dd className="margin-left-0 margin-bottom-1">{program.startedOn}</dd>
    </dl>
  );
}

function CallInStatus({ caseId }: { caseId: string }) {
  const callIn = useCallIn(caseId);
  if (callIn.isPending) return <Loading label="Checking today's call-in…" />;
  if (callIn.isError) return <ErrorAlert error={callIn.error} />;
  const { drawn, mustTest } = callIn.data;
  return (
    <div className="margin-y-2" data-testid="call-in-status">
      {mustTest ? (
        <Alert type="warning" role="status" slim>
          Must test today
        </Alert>
      ) : drawn ? (
        <Alert type="info" slim>
          Not selected today
        </Alert>
      ) : (
        <Alert type="info" slim>
          Today's draw not made yet
        </Alert>
      )}
    </div>
  );
}

type ProgramDraft = { frequency: Frequency; testsPerMonth: string; panel: string[]; other: string; method: Method; startedOn: string };

function ProgramForm({ caseId, program, onDone }: { caseId: string; program: TestingProgram | null; onDone: () => void }) {
  const save = useSetTestingProgram(caseId);
  const today = useAgencyToday();
  const [draft, setDraft] = useState<ProgramDraft>(() => ({
    frequency: (program?.frequency as Frequency | undefined) ?? "random",
    testsPerMonth: String(program?.testsPerMonth ?? 2),
    panel: program?.panel.filter((item) => commonSubstances.includes(item)) ?? [],
    other: program?.panel.filter((item) => !commonSubstances.includes(item)).join(", ") ?? "",
    method: program?.method ?? "urine",
    startedOn: program?.startedOn ?? today,
  }));
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const errors = { ...fieldErrorsFrom(save.error), ...Object.fromEntries(Object.entries(localErrors).filter(([, value]) => value)) };
  const set = (change: Partial<ProgramDraft>) => setDraft((current) => ({ ...current, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const others = draft.other
      .split(",")
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean);
    const panel = [...new Set([...draft.panel, ...others])];
    const testsPerMonth = Number(draft.testsPerMonth);
    const found: FieldErrors = {
      panel: panel.length === 0 ? "Choose at least one substance to test for" : undefined,
      testsPerMonth:
        Number.isInteger(testsPerMonth) && testsPerMonth >= 1 && testsPerMonth <= 31 ? undefined : "Enter a number from 1 to 31",
      startedOn: draft.startedOn ? undefined : "Enter the start date",
    };
    setLocalErrors(found);
    if (hasErrors(found)) return;
    const input: TestingProgramInput = {
      frequency: draft.frequency,
      testsPerMonth,
      panel,
      method: draft.method,
      startedOn: draft.startedOn,
    };
    save.mutate(input, { onSuccess: onDone });
  };

  const fieldError = save.error && !hasErrors(fieldErrorsFrom(save.error)) ? save.error : null;
  return (
    <form className="usa-form maxw-tablet-lg" aria-label="Testing program" onSubmit={submit} noValidate>
      <ErrorAlert error={fieldError} />
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <Select
            label="Frequency"
            value={draft.frequency}
            onChange={(event) => set({ frequency: event.target.value as Frequency })}
            options={optionsFrom(frequencyLabels)}
            error={errors.frequency}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextInput
            label="Tests per month"
            type="number"
            inputMode="numeric"
            min={1}
            max={31}
            value={draft.testsPerMonth}
            onChange={(event) => set({ testsPerMonth: event.target.value })}
            error={errors.testsPerMonth}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <Select
            label="Method"
            value={draft.method}
            onChange={(event) => set({ method: event.target.value as Method })}
            options={optionsFrom(methodLabels)}
            error={errors.method}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextInput
            label="Started on"
            type="date"
            value={draft.startedOn}
            onChange={(event) => set({ startedOn: event.target.value })}
            error={errors.startedOn}
          />
        </div>
      </div>
      <CheckboxGroup
        legend="Panel: substances tested for"
        name="panel"
        options={commonSubstances.map((item) => ({ value: item, label: item }))}
        value={draft.panel}
        onChange={(panel) => set({ panel })}
        error={errors.panel}
      />
      <TextInput
        label="Other substances"
        hint="Optional, separated by commas"
        value={draft.other}
        onChange={(event) => set({ other: event.target.value })}
      />
      <div className="display-flex">
        <Button type="submit" pending={save.isPending}>
          Save testing program
        </Button>
        {program ? (
          <Button variant="unstyled" className="margin-left-2" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

type TestDraft = {
  status: Status;
  specimenId: string;
  collectedAt: string;
  method: Method;
  results: Record<string, Result>;
  confirmations: Record<string, Confirmation>;
  admission: boolean;
  admitted: string[];
  otherAdmitted: string;
  custody: CustodyDraft[];
};

let custodyKey = 0;

function RecordTestForm({ caseId, program }: { caseId: string; program: TestingProgram }) {
  const record = useRecordTest(caseId);
  const { data: session } = useSession();
  const officerName = session?.user.displayName ?? "";
  const empty = (): TestDraft => {
    const now = toLocalInput(new Date());
    return {
      status: "collected",
      specimenId: "",
      collectedAt: now,
      method: program.method,
      results: Object.fromEntries(program.panel.map((substance) => [substance, "negative" as Result])),
      confirmations: Object.fromEntries(program.panel.map((substance) => [substance, "not_required" as Confirmation])),
      admission: false,
      admitted: [],
      otherAdmitted: "",
      // The collection is the first step of the chain of custody: this officer, now.
      custody: [{ key: custodyKey++, action: "collected", byName: officerName, at: now }],
    };
  };
  const [draft, setDraft] = useState<TestDraft>(empty);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const [announcement, setAnnouncement] = useState("");
  const serverErrors = fieldErrorsFrom(record.error);
  const errors = { ...serverErrors, ...Object.fromEntries(Object.entries(localErrors).filter(([, value]) => value)) };
  const set = (change: Partial<TestDraft>) => setDraft((current) => ({ ...current, ...change }));
  const collected = draft.status === "collected";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAnnouncement("");
    const when = new Date(draft.collectedAt);
    const custody = collected ? draft.custody : [];
    const custodyProblem = custodyError(custody, when);
    const found: FieldErrors = {
      specimenId: collected && !draft.specimenId.trim() ? "Enter the specimen ID" : undefined,
      collectedAt: Number.isNaN(when.getTime())
        ? "Enter the date and time of the test"
        : when.getTime() > Date.now() + 60_000
          ? "The test cannot be in the future"
          : undefined,
      custody: custodyProblem,
    };
    setLocalErrors(found);
    if (hasErrors(found)) return;
    const input: DrugTestInput = {
      status: draft.status,
      collectedAt: when.toISOString(),
      method: draft.method,
      admission: draft.admission,
      ...(draft.admission ? { admittedSubstances: [...new Set([...draft.admitted, ...splitList(draft.otherAdmitted)])] } : {}),
      ...(collected
        ? {
            specimenId: draft.specimenId.trim(),
            results: program.panel.map((substance) => ({
              substance,
              result: draft.results[substance] ?? "negative",
              confirmation: draft.confirmations[substance] ?? "not_required",
            })),
            custody: custody.map((step) => ({ action: step.action, byName: step.byName.trim(), at: new Date(step.at).toISOString() })),
          }
        : {}),
    };
    record.mutate(input, {
      onSuccess: (saved) => {
        setDraft(empty());
        setAnnouncement(
          `Test recorded as ${statusLabels[saved.status].toLowerCase()}.` +
            (saved.countsAsPositive ? " It counts as positive." : "") +
            (saved.notified.length > 0 ? ` Notified: ${saved.notified.map(notifiedLabel).join(", ")}.` : ""),
        );
      },
    });
  };

  // Issues about fields shown next to them; any other (results, custody, admitted substances) as the message on top.
  const shownByField = ["specimenId", "collectedAt", "status", "method"].some((field) => serverErrors[field]);
  const otherError = record.error && !shownByField ? record.error : null;
  const conflict = isApiError(record.error) && record.error.status === 409 && !serverErrors.specimenId ? record.error : null;
  return (
    <form className="usa-form maxw-tablet-lg" aria-label="Record a test" onSubmit={submit} noValidate>
      <ErrorAlert error={otherError ?? conflict} />
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <Select
            label="Status"
            value={draft.status}
            onChange={(event) => set({ status: event.target.value as Status })}
            options={optionsFrom(statusLabels)}
            error={errors.status}
          />
        </div>
        {collected ? (
          <div className="grid-col-12 tablet:grid-col-6">
            <TextInput
              label="Specimen ID"
              value={draft.specimenId}
              maxLength={60}
              onChange={(event) => set({ specimenId: event.target.value })}
              error={errors.specimenId}
            />
          </div>
        ) : null}
        <div className="grid-col-12 tablet:grid-col-6">
          <TextInput
            label="Date and time of the test"
            type="datetime-local"
            value={draft.collectedAt}
            max={toLocalInput(new Date())}
            onChange={(event) => set({ collectedAt: event.target.value })}
            error={errors.collectedAt}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <Select
            label="Test method"
            value={draft.method}
            onChange={(event) => set({ method: event.target.value as Method })}
            options={optionsFrom(methodLabels)}
            error={errors.method}
          />
        </div>
      </div>
      {collected ? (
        <fieldset className="usa-fieldset margin-top-2">
          <legend className="usa-legend">Results</legend>
          <div className="grid-row grid-gap-2">
            {program.panel.map((substance) => (
              <Fragment key={substance}>
                <div className="grid-col-12 tablet:grid-col-6">
                  <Select
                    label={`Result for ${formatSubstance(substance)}`}
                    value={draft.results[substance] ?? "negative"}
                    onChange={(event) => set({ results: { ...draft.results, [substance]: event.target.value as Result } })}
                    options={optionsFrom(resultLabels)}
                  />
                </div>
                <div className="grid-col-12 tablet:grid-col-6">
                  <Select
                    label={`Lab confirmation for ${formatSubstance(substance)}`}
                    value={draft.confirmations[substance] ?? "not_required"}
                    onChange={(event) =>
                      set({ confirmations: { ...draft.confirmations, [substance]: event.target.value as Confirmation } })
                    }
                    options={optionsFrom(recordingConfirmationLabels)}
                  />
                </div>
              </Fragment>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="margin-top-2">
        <Checkbox
          label="The person admitted use"
          checked={draft.admission}
          onChange={(event) => set({ admission: event.target.checked })}
        />
      </div>
      {draft.admission ? (
        <>
          <CheckboxGroup
            legend="Substances admitted"
            name="admitted"
            options={program.panel.map((item) => ({ value: item, label: formatSubstance(item) }))}
            value={draft.admitted}
            onChange={(admitted) => set({ admitted })}
          />
          <TextInput
            label="Other substances admitted"
            hint="Optional, separated by commas"
            value={draft.otherAdmitted}
            onChange={(event) => set({ otherAdmitted: event.target.value })}
          />
        </>
      ) : null}
      {collected ? <CustodyFields steps={draft.custody} onChange={(custody) => set({ custody })} error={errors.custody} /> : null}
      <Button type="submit" pending={record.isPending}>
        Record test
      </Button>
      <div role="status" className="margin-top-1">
        {announcement}
      </div>
    </form>
  );
}

/** A reason the custody steps cannot be sent, checked in the browser too: each filled in, in time order. */
function custodyError(steps: CustodyDraft[], collectedAt: Date): string | undefined {
  let previous = collectedAt.getTime();
  for (const [index, step] of steps.entries()) {
    const at = new Date(step.at).getTime();
    if (!step.byName.trim()) return `Step ${index + 1}: enter who handled the specimen`;
    if (Number.isNaN(at)) return `Step ${index + 1}: enter the date and time`;
    if (at < previous) return `Step ${index + 1} cannot be earlier than the ${index === 0 ? "test" : "step before it"}`;
    if (step.action === "collected" && index > 0) return `Step ${index + 1}: only the first step is the collection`;
    previous = at;
  }
  return undefined;
}

/** The chain of custody while recording: one group of fields per step; steps can be added and removed. */
function CustodyFields({ steps, onChange, error }: { steps: CustodyDraft[]; onChange: (steps: CustodyDraft[]) => void; error?: string }) {
  const update = (key: number, change: Partial<CustodyDraft>) =>
    onChange(steps.map((step) => (step.key === key ? { ...step, ...change } : step)));
  const last = steps[steps.length - 1];
  return (
    <fieldset
      className={`usa-fieldset margin-top-2${error ? " usa-form-group--error" : ""}`}
      aria-describedby={error ? "custody-error" : undefined}
    >
      <legend className="usa-legend">Chain of custody</legend>
      {error ? (
        <span className="usa-error-message" id="custody-error">
          {error}
        </span>
      ) : null}
      {steps.length === 0 ? <p className="usa-hint">No custody steps yet.</p> : null}
      {steps.map((step, index) => (
        <fieldset key={step.key} className="usa-fieldset waypoint-custody-step" data-testid="custody-step">
          <legend className="usa-legend usa-legend--small text-bold">Step {index + 1}</legend>
          <div className="grid-row grid-gap-2">
            <div className="grid-col-12 tablet:grid-col-4">
              <Select
                label="Action"
                value={step.action}
                onChange={(event) => update(step.key, { action: event.target.value as CustodyAction })}
                options={optionsFrom(custodyActionLabels)}
              />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <TextInput
                label="By (name)"
                value={step.byName}
                maxLength={160}
                onChange={(event) => update(step.key, { byName: event.target.value })}
              />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <TextInput
                label="Date and time"
                type="datetime-local"
                value={step.at}
                onChange={(event) => update(step.key, { at: event.target.value })}
              />
            </div>
          </div>
          <Button variant="unstyled" className="margin-top-1" onClick={() => onChange(steps.filter((item) => item.key !== step.key))}>
            Remove step {index + 1}
          </Button>
        </fieldset>
      ))}
      <Button
        variant="outline"
        className="margin-top-2"
        onClick={() =>
          onChange([
            ...steps,
            {
              key: custodyKey++,
              action: last ? nextCustodyAction[last.action] : "collected",
              byName: last?.byName ?? "",
              at: toLocalInput(new Date()),
            },
          ])
        }
      >
        Add a custody step
      </Button>
    </fieldset>
  );
}
