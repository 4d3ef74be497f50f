import { Fragment, useState } from "react";
import { useFieldArray } from "react-hook-form";
import { drugTestBody, testingProgramBody } from "../../../../shared/contract/testing";
import {
  CheckboxField,
  CheckboxGroupField,
  Form,
  fieldError,
  SelectField,
  SubmitButton,
  TextField,
  useFormFields,
} from "../../../components/form";
import { Alert, Button, ErrorAlert, Loading } from "../../../components/ui";
import { type FormIssue, fieldId, useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, isInTheFuture, toLocalInput } from "../../../lib/datetime-input";
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

function ProgramForm({ caseId, program, onDone }: { caseId: string; program: TestingProgram | null; onDone: () => void }) {
  const save = useSetTestingProgram(caseId);
  const today = useAgencyToday();
  const form = useContractForm(testingProgramBody, {
    defaultValues: {
      frequency: (program?.frequency as Frequency | undefined) ?? "random",
      testsPerMonth: program?.testsPerMonth ?? 2,
      panel: program?.panel.filter((item) => commonSubstances.includes(item)) ?? [],
      other: program?.panel.filter((item) => !commonSubstances.includes(item)).join(", ") ?? "",
      method: program?.method ?? "urine",
      startedOn: program?.startedOn ?? today,
    } as never,
    // "Other substances" joins the ticked ones in the panel.
    toRequest: ({ other, ...values }: { other?: string; panel?: string[] }) => ({
      ...values,
      panel: [...new Set([...(values.panel ?? []), ...splitList(other ?? "")])],
    }),
    messages: {
      panel: "Choose at least one substance to test for",
      testsPerMonth: "Enter a number from 1 to 31",
      startedOn: "Enter the start date",
    },
  });

  return (
    <Form
      form={form}
      onSubmit={async (input: TestingProgramInput) => {
        await save.mutateAsync(input);
        onDone();
      }}
      className="usa-form maxw-tablet-lg"
      aria-label="Testing program"
      summaryHeadingLevel="h4"
    >
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <SelectField name="frequency" label="Frequency" options={optionsFrom(frequencyLabels)} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextField name="testsPerMonth" label="Tests per month" type="number" numeric min={1} max={31} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <SelectField name="method" label="Method" options={optionsFrom(methodLabels)} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextField name="startedOn" label="Started on" type="date" />
        </div>
      </div>
      <CheckboxGroupField
        name="panel"
        legend="Panel: substances tested for"
        options={commonSubstances.map((item) => ({ value: item, label: formatSubstance(item) }))}
      />
      <TextField name="other" label="Other substances" hint="Optional, separated by commas" />
      <div className="display-flex">
        <SubmitButton>Save testing program</SubmitButton>
        {program ? (
          <Button variant="unstyled" className="margin-left-2" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
    </Form>
  );
}

/** The custody steps' wording per step (the schema's own words are for API clients). */
const custodyMessages = Object.fromEntries(
  Array.from({ length: 10 }, (_, index) => [
    [`custody.${index}.byName`, `Step ${index + 1}: enter who handled the specimen`],
    [`custody.${index}.at`, `Step ${index + 1}: enter the date and time`],
  ]).flat(),
);

type TestValues = {
  status: Status;
  specimenId: string;
  collectedAt: string;
  method: Method;
  results: { substance: string; result: Result; confirmation: Confirmation }[];
  admission: boolean;
  admittedSubstances: string[];
  otherAdmitted: string;
  custody: { action: CustodyAction; byName: string; at: string }[];
};

/** The request from the form: local times as instants; results and custody only for a collected specimen. */
function testRequestFrom({ otherAdmitted, ...values }: TestValues) {
  const collected = values.status === "collected";
  return {
    status: values.status,
    collectedAt: fromLocalInput(values.collectedAt),
    method: values.method,
    admission: values.admission,
    ...(values.admission ? { admittedSubstances: [...new Set([...values.admittedSubstances, ...splitList(otherAdmitted)])] } : {}),
    ...(collected
      ? {
          specimenId: values.specimenId,
          results: values.results,
          custody: values.custody.map((step) => ({ ...step, at: fromLocalInput(step.at) })),
        }
      : {}),
  };
}

function RecordTestForm({ caseId, program }: { caseId: string; program: TestingProgram }) {
  const record = useRecordTest(caseId);
  const { data: session } = useSession();
  const officerName = session?.user.displayName ?? "";
  const empty = (): TestValues => {
    const now = toLocalInput(new Date());
    return {
      status: "collected",
      specimenId: "",
      collectedAt: now,
      method: program.method,
      results: program.panel.map((substance) => ({ substance, result: "negative", confirmation: "not_required" })),
      admission: false,
      admittedSubstances: [],
      otherAdmitted: "",
      // The collection is the first step of the chain of custody: this officer, now.
      custody: [{ action: "collected", byName: officerName, at: now }],
    };
  };
  const [announcement, setAnnouncement] = useState("");
  const form = useContractForm(drugTestBody, {
    defaultValues: empty() as never,
    toRequest: testRequestFrom as never,
    messages: {
      collectedAt: "Enter the date and time of the test",
      ...custodyMessages,
    },
    check: (request) => {
      const collected = request.status === "collected";
      const issues: FormIssue[] = [];
      if (collected && !request.specimenId) issues.push({ field: "specimenId", message: "Enter the specimen ID" });
      if (isInTheFuture(request.collectedAt)) issues.push({ field: "collectedAt", message: "The test cannot be in the future" });
      const custodyProblem = collected ? custodyError(request.custody, request.collectedAt) : undefined;
      if (custodyProblem) issues.push({ field: "custody", message: custodyProblem });
      return issues;
    },
  });
  const collected = form.watch("status") === "collected";
  const admission = Boolean(form.watch("admission"));

  const send = async (input: DrugTestInput) => {
    setAnnouncement("");
    const saved = await record.mutateAsync(input);
    form.reset(empty() as never);
    setAnnouncement(
      `Test recorded as ${statusLabels[saved.status].toLowerCase()}.` +
        (saved.countsAsPositive ? " It counts as positive." : "") +
        (saved.notified.length > 0 ? ` Notified: ${saved.notified.map(notifiedLabel).join(", ")}.` : ""),
    );
  };

  return (
    <Form form={form} onSubmit={send} className="usa-form maxw-tablet-lg" aria-label="Record a test" summaryHeadingLevel="h4">
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <SelectField name="status" label="Status" options={optionsFrom(statusLabels)} />
        </div>
        {collected ? (
          <div className="grid-col-12 tablet:grid-col-6">
            <TextField name="specimenId" label="Specimen ID" maxLength={60} />
          </div>
        ) : null}
        <div className="grid-col-12 tablet:grid-col-6">
          <TextField name="collectedAt" label="Date and time of the test" type="datetime-local" max={toLocalInput(new Date())} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <SelectField name="method" label="Test method" options={optionsFrom(methodLabels)} />
        </div>
      </div>
      {collected ? (
        <fieldset className="usa-fieldset margin-top-2">
          <legend className="usa-legend">Results</legend>
          <div className="grid-row grid-gap-2">
            {program.panel.map((substance, index) => (
              <Fragment key={substance}>
                <div className="grid-col-12 tablet:grid-col-6">
                  <SelectField
                    name={`results.${index}.result`}
                    label={`Result for ${formatSubstance(substance)}`}
                    options={optionsFrom(resultLabels)}
                  />
                </div>
                <div className="grid-col-12 tablet:grid-col-6">
                  <SelectField
                    name={`results.${index}.confirmation`}
                    label={`Lab confirmation for ${formatSubstance(substance)}`}
                    options={optionsFrom(recordingConfirmationLabels)}
                  />
                </div>
              </Fragment>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="margin-top-2">
        <CheckboxField name="admission" label="The person admitted use" />
      </div>
      {admission ? (
        <>
          <CheckboxGroupField
            name="admittedSubstances"
            legend="Substances admitted"
            options={program.panel.map((item) => ({ value: item, label: formatSubstance(item) }))}
          />
          <TextField name="otherAdmitted" label="Other substances admitted" hint="Optional, separated by commas" />
        </>
      ) : null}
      {collected ? <CustodyFields /> : null}
      <SubmitButton>Record test</SubmitButton>
      <div role="status" className="margin-top-1">
        {announcement}
      </div>
    </Form>
  );
}

/** A reason the custody steps cannot be sent, checked in the browser too: each filled in, in time order. */
function custodyError(steps: { action: CustodyAction; at: string }[], collectedAt: string): string | undefined {
  let previous = Date.parse(collectedAt);
  for (const [index, step] of steps.entries()) {
    const at = Date.parse(step.at);
    if (at < previous) return `Step ${index + 1} cannot be earlier than the ${index === 0 ? "test" : "step before it"}`;
    if (step.action === "collected" && index > 0) return `Step ${index + 1}: only the first step is the collection`;
    previous = at;
  }
  return undefined;
}

/** The chain of custody while recording: one group of fields per step; steps can be added and removed. */
function CustodyFields() {
  const form = useFormFields();
  const steps = useFieldArray({ control: form.control, name: "custody" });
  const error = fieldError(form as never, "custody");
  const errorId = `${fieldId(form.formId, "custody")}-error`;
  return (
    <fieldset
      className={`usa-fieldset margin-top-2${error ? " usa-form-group--error" : ""}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="usa-legend">Chain of custody</legend>
      {error ? (
        <span className="usa-error-message" id={errorId}>
          {error}
        </span>
      ) : null}
      {steps.fields.length === 0 ? <p className="usa-hint">No custody steps yet.</p> : null}
      {steps.fields.map((step, index) => (
        <fieldset key={step.id} className="usa-fieldset waypoint-custody-step" data-testid="custody-step">
          <legend className="usa-legend usa-legend--small text-bold">Step {index + 1}</legend>
          <div className="grid-row grid-gap-2">
            <div className="grid-col-12 tablet:grid-col-4">
              <SelectField name={`custody.${index}.action`} label="Action" options={optionsFrom(custodyActionLabels)} />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <TextField name={`custody.${index}.byName`} label="By (name)" maxLength={160} />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <TextField name={`custody.${index}.at`} label="Date and time" type="datetime-local" />
            </div>
          </div>
          <Button variant="unstyled" className="margin-top-1" onClick={() => steps.remove(index)}>
            Remove step {index + 1}
          </Button>
        </fieldset>
      ))}
      <Button
        variant="outline"
        className="margin-top-2"
        onClick={() => {
          const current = form.getValues("custody") as { action: CustodyAction; byName: string }[];
          const last = current[current.length - 1];
          steps.append({
            action: last ? nextCustodyAction[last.action] : "collected",
            byName: last?.byName ?? "",
            at: toLocalInput(new Date()),
          });
        }}
      >
        Add a custody step
      </Button>
    </fieldset>
  );
}
