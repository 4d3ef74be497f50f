import { useState } from "react";
import { custodyStepBody } from "../../../../shared/contract/testing";
import { Form, SelectField, SubmitButton, TextField } from "../../../components/form";
import { Button, ErrorAlert } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, toLocalInput } from "../../../lib/datetime-input";
import { formatDateTime } from "../../../lib/format";
import { optionsFrom } from "../../../lib/supervision-labels";
import { type CustodyStepInput, type DrugTest, type LabAnswer, useAddCustodyStep, useConfirmResult } from "../api/testing";
import { custodyActionLabels, methodLabels, nextCustodyAction, outcomeLabels, outcomeOf, resultText } from "./test-outcome";

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
  const formId = `custody-${test.id}`;
  const form = useContractForm(custodyStepBody, {
    defaultValues: { action: last ? nextCustodyAction[last.action] : "collected", byName: "", at: toLocalInput(new Date()) },
    toRequest: (values: { at?: string }) => ({ ...values, at: values.at ? fromLocalInput(values.at) : "" }),
    messages: { byName: "Enter who handled the specimen", at: "Enter the date and time" },
  });

  if (!open) {
    return (
      <Button variant="outline" aria-expanded={false} aria-controls={formId} onClick={() => setOpen(true)}>
        Add a custody step
      </Button>
    );
  }

  const actions = last
    ? optionsFrom(custodyActionLabels).filter((option) => option.value !== "collected")
    : optionsFrom(custodyActionLabels);
  return (
    <Form
      form={form}
      id={formId}
      className="maxw-tablet"
      aria-label={`Add a custody step to specimen ${test.specimenId ?? ""}`}
      summaryHeadingLevel="h4"
      onSubmit={async (step: CustodyStepInput) => {
        await add.mutateAsync({ testId: test.id, step });
        setOpen(false);
        form.reset();
      }}
    >
      <SelectField name="action" label="Action" options={actions} />
      <TextField name="byName" label="By (name)" hint="The person or lab that handled the specimen" maxLength={160} />
      <TextField
        name="at"
        label="Date and time"
        hint={last ? `Not earlier than the last step (${formatDateTime(last.at)})` : undefined}
        type="datetime-local"
      />
      <div className="display-flex flex-align-center">
        <SubmitButton>Add step</SubmitButton>
        <Button variant="unstyled" className="margin-left-2" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
