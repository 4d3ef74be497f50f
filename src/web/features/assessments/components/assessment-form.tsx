import { useState } from "react";
import { assessmentSaveBody } from "../../../../shared/contract/assessments";
import { CheckboxGroupField, Form, RadioGroupField, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { type Assessment, type InstrumentDefinition, useCompleteAssessment, useSaveAnswers } from "../api/assessments";
import { type AnswerValues, answersOf, formValuesOf, isAsked } from "../lib/answer-form";

type Item = InstrumentDefinition["domains"][number]["items"][number];

const yesNo = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

/** One question, as its type asks: radio buttons, checkboxes, a whole number or a date; its help text as the hint. */
function Question({ item }: { item: Item }) {
  const name = `answers.${item.id}`;
  const label = item.required ? item.prompt : `${item.prompt} (optional)`;
  switch (item.type) {
    case "single_choice":
      return <RadioGroupField name={name} legend={label} hint={item.help} options={item.options} />;
    case "multi_choice":
      return <CheckboxGroupField name={name} legend={label} hint={item.help ?? "Check all that apply."} options={item.options} />;
    case "yes_no":
      return <RadioGroupField name={name} legend={label} hint={item.help} options={yesNo} />;
    case "number":
      return (
        <TextField
          name={name}
          label={label}
          hint={item.help ? `${item.help} (${item.min} to ${item.max})` : `${item.min} to ${item.max}`}
          inputMode="numeric"
          className="usa-input--small"
        />
      );
    case "date":
      return <TextField name={name} label={label} hint={item.help} type="date" className="usa-input--medium" />;
  }
}

/**
 * An assessment in progress: the form generated from its instrument (domains as fieldsets, each item by its type,
 * follow-up questions shown when their rule holds). Saving keeps partial answers; completing asks first, saves, then
 * completes, and a refusal (a required question unanswered) lands on its question in the error summary.
 */
export function AssessmentForm({
  caseId,
  assessment,
  instrument,
  onCompleted,
}: {
  caseId: string;
  assessment: Assessment;
  instrument: InstrumentDefinition;
  onCompleted: (completed: Assessment) => void;
}) {
  const save = useSaveAnswers(caseId, assessment.id);
  const complete = useCompleteAssessment(caseId, assessment.id);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState<Assessment | null>(null);
  const form = useContractForm(assessmentSaveBody, {
    defaultValues: formValuesOf(instrument, assessment.answers, assessment.version) as never,
    toRequest: (values) => {
      const typed = values as unknown as AnswerValues;
      return { answers: answersOf(instrument, typed), expectedVersion: typed.expectedVersion };
    },
  });
  const current = answersOf(instrument, form.watch() as unknown as AnswerValues);
  const sendAnswers = async (request: { answers: Record<string, unknown>; expectedVersion: number }) => {
    const result = await save.mutateAsync(request);
    form.setValue("expectedVersion" as never, result.version as never);
    setSaved(result);
    return result;
  };

  return (
    <>
      <Form
        form={form}
        onSubmit={sendAnswers}
        className="usa-form maxw-full"
        aria-label={`${instrument.title}: answers`}
        summaryHeadingLevel="h4"
      >
        {instrument.domains.map((domain) => (
          <fieldset key={domain.id} className="usa-fieldset margin-top-3">
            <legend className="usa-legend usa-legend--large">{domain.title}</legend>
            {domain.description ? <p className="usa-hint margin-top-05">{domain.description}</p> : null}
            {domain.items
              .filter((item) => isAsked(item, current))
              .map((item) => (
                <Question key={item.id} item={item} />
              ))}
          </fieldset>
        ))}
        <div role="status" className="margin-top-2">
          {saved ? (
            <Alert type="success" slim>
              Answers saved. Total so far {saved.score.total}
              {saved.score.missing.length > 0 ? `; ${saved.score.missing.length} required questions still unanswered.` : "."}
            </Alert>
          ) : null}
        </div>
        <ul className="usa-button-group margin-top-2">
          <li className="usa-button-group__item">
            <SubmitButton className="usa-button--outline">{save.isPending ? "Saving…" : "Save answers"}</SubmitButton>
          </li>
          <li className="usa-button-group__item">
            <Button onClick={() => setConfirming(true)}>Complete assessment</Button>
          </li>
        </ul>
      </Form>
      {confirming ? (
        <ConfirmDialog
          title="Complete this assessment?"
          confirmLabel="Complete assessment"
          cancelLabel="Keep editing"
          pending={save.isPending || complete.isPending}
          onConfirm={async () => {
            // Saved first (the answers on the page), then completed on the version that save made; a refusal goes to
            // the form's error summary with a link to each question.
            await form.submitWith(async (request) => {
              const result = await sendAnswers(request as { answers: Record<string, unknown>; expectedVersion: number });
              onCompleted(await complete.mutateAsync(result.version));
            })();
          }}
          onClose={() => setConfirming(false)}
        >
          <p>
            {instrument.title}, started by {assessment.startedBy.displayName}. Once completed its answers and score are final;
            {instrument.purpose === "risk_needs"
              ? " it sets the case's risk and supervision level and the contact standards that follow from the level."
              : " a crisis it finds stays a task for the officer."}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
