import { type FormEvent, useState } from "react";
import { Alert, Button, Checkbox, CheckboxGroup, ErrorAlert, Loading, Select, TextInput } from "../../../components/ui";
import { isApiError } from "../../../lib/api-client";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { optionsFrom } from "../../../lib/supervision-labels";
import { toLocalInput } from "../../notes/components/note-form";
import { todayInNewYork } from "../api/draws";
import {
  type DrugTestInput,
  type TestingProgram,
  type TestingProgramInput,
  useCallIn,
  useCaseTests,
  useRecordTest,
  useSetTestingProgram,
} from "../api/testing";
import { frequencyLabels, methodLabels, resultLabels, statusLabels } from "./test-outcome";
import { TrendChart } from "./trend-chart";

type Method = keyof typeof methodLabels;
type Frequency = keyof typeof frequencyLabels;
type Status = keyof typeof statusLabels;
type Result = keyof typeof resultLabels;

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
      <dd className="margin-left-0 margin-bottom-1">{program.panel.join(", ")}</dd>
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
  const [draft, setDraft] = useState<ProgramDraft>(() => ({
    frequency: (program?.frequency as Frequency | undefined) ?? "random",
    testsPerMonth: String(program?.testsPerMonth ?? 2),
    panel: program?.panel.filter((item) => commonSubstances.includes(item)) ?? [],
    other: program?.panel.filter((item) => !commonSubstances.includes(item)).join(", ") ?? "",
    method: program?.method ?? "urine",
    startedOn: program?.startedOn ?? todayInNewYork(),
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
  admission: boolean;
};

function RecordTestForm({ caseId, program }: { caseId: string; program: TestingProgram }) {
  const record = useRecordTest(caseId);
  const empty = (): TestDraft => ({
    status: "collected",
    specimenId: "",
    collectedAt: toLocalInput(new Date()),
    method: program.method,
    results: Object.fromEntries(program.panel.map((substance) => [substance, "negative" as Result])),
    admission: false,
  });
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
    const found: FieldErrors = {
      specimenId: collected && !draft.specimenId.trim() ? "Enter the specimen ID" : undefined,
      collectedAt: Number.isNaN(when.getTime())
        ? "Enter the date and time of the test"
        : when.getTime() > Date.now() + 60_000
          ? "The test cannot be in the future"
          : undefined,
    };
    setLocalErrors(found);
    if (hasErrors(found)) return;
    const input: DrugTestInput = {
      status: draft.status,
      collectedAt: when.toISOString(),
      method: draft.method,
      admission: draft.admission,
      ...(collected
        ? {
            specimenId: draft.specimenId.trim(),
            results: program.panel.map((substance) => ({ substance, result: draft.results[substance] ?? "negative" })),
          }
        : {}),
    };
    record.mutate(input, {
      onSuccess: (saved) => {
        setDraft(empty());
        setAnnouncement(
          `Test recorded as ${statusLabels[saved.status].toLowerCase()}.` +
            (saved.countsAsPositive ? " It counts as positive; the supervising officer has been notified." : ""),
        );
      },
    });
  };

  const otherError = record.error && !hasErrors(serverErrors) ? record.error : null;
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
              <div className="grid-col-12 tablet:grid-col-4" key={substance}>
                <Select
                  label={`Result for ${substance}`}
                  value={draft.results[substance] ?? "negative"}
                  onChange={(event) => set({ results: { ...draft.results, [substance]: event.target.value as Result } })}
                  options={optionsFrom(resultLabels)}
                />
              </div>
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
      <Button type="submit" pending={record.isPending}>
        Record test
      </Button>
      <div role="status" className="margin-top-1">
        {announcement}
      </div>
    </form>
  );
}
