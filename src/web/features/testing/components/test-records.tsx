import { type FormEvent, useState } from "react";
import { Button, ErrorAlert, Select, TextInput } from "../../../components/ui";
import { toLocalInput } from "../../../lib/datetime-input";
import { formatDateTime } from "../../../lib/format";
import { optionsFrom } from "../../../lib/supervision-labels";
import { type DrugTest, type LabAnswer, useAddCustodyStep, useConfirmResult } from "../api/testing";
import { custodyActionLabels, methodLabels, nextCustodyAction, outcomeLabels, outcomeOf, resultText } from "./test-outcome";

type CustodyAction = keyof typeof custodyActionLabels;

/** How many tests are shown before "Show all". */
const shownAtFirst = 5;

/** The recorded tests, newest first: results with the lab's answers, admitted use and the chain of custody. */
export function TestRecords({ caseId, tests, canRecord }: { caseId: string; tests: DrugTest[]; canRecord: boolean }) {
  const [showAll, setShowAll] = useState(false);
  if (tests.length === 0) return <p>No tests recorded yet.</p>;
  const newestFirst = [...tests].sort((a, b) => b.collectedAt.localeCompare(a.collectedAt));
  const shown = showAll ? newestFirst : newestFirst.slice(0, shownAtFirst);
  return (
    <>
      <ul className="usa-list usa-list--unstyled" aria-label="Recorded tests, newest first">
        {shown.map((test) => (
          <li key={test.id}>
            <TestRecord caseId={caseId} test={test} canRecord={canRecord} />
          </li>
        ))}
      </ul>
      {newestFirst.length > shownAtFirst ? (
        <Button variant="outline" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? `Show the latest ${shownAtFirst} tests only` : `Show all ${newestFirst.length} tests`}
        </Button>
      ) : null}
    </>
  );
}

function TestRecord({ caseId, test, canRecord }: { caseId: string; test: DrugTest; canRecord: boolean }) {
  const headingId = `test-${test.id}-heading`;
  return (
    <article className="waypoint-test-record" aria-labelledby={headingId} data-test-id={test.id}>
      <h4 className="margin-y-1" id={headingId}>
        {formatDateTime(test.collectedAt)}: {outcomeLabels[outcomeOf(test)]}
      </h4>
      <dl className="waypoint-facts margin-y-1">
        <dt>Specimen</dt>
        <dd>{test.specimenId ?? "None"}</dd>
        <dt>Method</dt>
        <dd>{methodLabels[test.method]}</dd>
        <dt>Recorded by</dt>
        <dd>{test.collectedBy}</dd>
        <dt>Admitted use</dt>
        <dd data-testid="admitted">
          {test.admission ? (test.admittedSubstances.length > 0 ? `Yes: ${test.admittedSubstances.join(", ")}` : "Yes") : "No"}
        </dd>
      </dl>
      {test.results.length > 0 ? (
        <>
          <h5 className="margin-y-1">Results</h5>
          <ul className="usa-list margin-top-0" aria-label="Results">
            {test.results.map((item) => (
              <li key={item.substance} data-substance={item.substance} data-confirmation={item.confirmation}>
                {resultText(item)}
                {item.confirmation === "pending" && canRecord ? (
                  <LabAnswerControl caseId={caseId} testId={test.id} substance={item.substance} />
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {test.status === "collected" ? (
        <>
          <h5 className="margin-y-1">Chain of custody</h5>
          {test.custody.length === 0 ? (
            <p className="margin-top-0">No custody steps recorded.</p>
          ) : (
            <ol className="usa-list margin-top-0" aria-label="Chain of custody">
              {test.custody.map((step) => (
                <li key={step.step} data-action={step.action}>
                  {custodyActionLabels[step.action]} by {step.byName}, {formatDateTime(step.at)}
                </li>
              ))}
            </ol>
          )}
          {canRecord ? <AddCustodyStep caseId={caseId} test={test} /> : null}
        </>
      ) : null}
    </article>
  );
}

/** The lab's answer on a pending result, asked for again before it is recorded: it cannot be changed afterwards. */
function LabAnswerControl({ caseId, testId, substance }: { caseId: string; testId: string; substance: string }) {
  const confirm = useConfirmResult(caseId);
  const [answer, setAnswer] = useState<LabAnswer | null>(null);
  if (answer) {
    return (
      <fieldset className="usa-fieldset margin-y-1">
        <legend className="usa-sr-only">Lab answer for {substance}</legend>
        <p className="margin-y-05">
          Record that the lab {answer} the {substance} result? This cannot be changed afterwards.
        </p>
        <ErrorAlert error={confirm.error} />
        <Button
          variant={answer === "overturned" ? "secondary" : "primary"}
          pending={confirm.isPending}
          onClick={() => confirm.mutate({ testId, substance, confirmation: answer })}
        >
          Yes, {answer}
        </Button>
        <Button variant="unstyled" className="margin-left-1" onClick={() => setAnswer(null)}>
          Cancel
        </Button>
      </fieldset>
    );
  }
  return (
    <fieldset className="usa-fieldset margin-y-1">
      <legend className="usa-sr-only">Lab answer for {substance}</legend>
      <Button variant="outline" className="margin-right-1" onClick={() => setAnswer("confirmed")}>
        Confirmed by the lab
      </Button>
      <Button variant="outline" onClick={() => setAnswer("overturned")}>
        Overturned by the lab
      </Button>
    </fieldset>
  );
}

/** Appends the next custody step (after collection: shipped, received by the lab, tested). */
function AddCustodyStep({ caseId, test }: { caseId: string; test: DrugTest }) {
  const add = useAddCustodyStep(caseId);
  const last = test.custody[test.custody.length - 1];
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<CustodyAction>(last ? nextCustodyAction[last.action] : "collected");
  const [byName, setByName] = useState("");
  const [at, setAt] = useState(() => toLocalInput(new Date()));
  const [localError, setLocalError] = useState<{ byName?: string; at?: string }>({});
  const formId = `custody-${test.id}`;

  if (!open) {
    return (
      <Button variant="outline" aria-expanded={false} aria-controls={formId} onClick={() => setOpen(true)}>
        Add a custody step
      </Button>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const when = new Date(at);
    const found = {
      byName: byName.trim() ? undefined : "Enter who handled the specimen",
      at: Number.isNaN(when.getTime()) ? "Enter the date and time" : undefined,
    };
    setLocalError(found);
    if (found.byName || found.at) return;
    add.mutate(
      { testId: test.id, step: { action, byName: byName.trim(), at: when.toISOString() } },
      {
        onSuccess: () => {
          setOpen(false);
          setByName("");
        },
      },
    );
  };

  const actions = last
    ? optionsFrom(custodyActionLabels).filter((option) => option.value !== "collected")
    : optionsFrom(custodyActionLabels);
  return (
    <form
      id={formId}
      className="usa-form maxw-tablet"
      aria-label={`Add a custody step to specimen ${test.specimenId ?? ""}`}
      onSubmit={submit}
      noValidate
    >
      <ErrorAlert error={add.error} />
      <Select label="Action" value={action} onChange={(event) => setAction(event.target.value as CustodyAction)} options={actions} />
      <TextInput
        label="By (name)"
        hint="The person or lab that handled the specimen"
        value={byName}
        maxLength={160}
        onChange={(event) => setByName(event.target.value)}
        error={localError.byName}
      />
      <TextInput
        label="Date and time"
        hint={last ? `Not earlier than the last step (${formatDateTime(last.at)})` : undefined}
        type="datetime-local"
        value={at}
        onChange={(event) => setAt(event.target.value)}
        error={localError.at}
      />
      <div className="display-flex flex-align-center">
        <Button type="submit" pending={add.isPending}>
          Add step
        </Button>
        <Button variant="unstyled" className="margin-left-2" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
