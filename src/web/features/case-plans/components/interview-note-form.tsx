import { useFieldArray } from "react-hook-form";
import { noteBody } from "../../../../shared/contract/notes";
import { Form, FormButtons, SelectField, TextAreaField, TextField, useFormFields } from "../../../components/form";
import { Button } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, isInTheFuture, toLocalInput } from "../../../lib/datetime-input";
import { useCreateNote } from "../../notes/api/notes";
import type { CasePlan } from "../api/case-plans";

const readinessOptions = Array.from({ length: 11 }, (_, value) => ({
  value: String(value),
  label: value === 0 ? "0 — not ready at all" : value === 10 ? "10 — completely ready" : String(value),
}));

/**
 * A motivational-interviewing note: the person's goals in their own words, the readiness ruler, change talk heard,
 * and the next steps agreed (each linked to a step of the plan when it is one). Saved as a draft note to sign.
 */
export function InterviewNoteForm({
  caseId,
  plan,
  onSaved,
  onCancel,
}: {
  caseId: string;
  plan: CasePlan;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const write = useCreateNote(caseId);
  const form = useContractForm(noteBody, {
    defaultValues: {
      noteType: "motivational_interview",
      occurredAt: toLocalInput(new Date()),
      narrative: "",
      interview: { ownGoals: "", readiness: "", changeTalk: "", nextSteps: [{ text: "", planStepId: "" }] },
    } as never,
    toRequest: (values: Record<string, unknown>) => {
      const interview = values.interview as { readiness: string; nextSteps: { text: string; planStepId: string }[] };
      return {
        ...values,
        occurredAt: fromLocalInput(String(values.occurredAt)),
        interview: {
          ...interview,
          readiness: interview.readiness === "" ? undefined : Number(interview.readiness),
          // A blank row is not a step.
          nextSteps: interview.nextSteps.filter((step) => step.text.trim() !== ""),
        },
      };
    },
    messages: {
      occurredAt: "Enter the date and time of the conversation",
      narrative: "Write what was discussed",
      "interview.ownGoals": "Write the person's goals in their own words",
      "interview.readiness": "Choose where the person puts themselves, from 0 to 10",
    },
    check: (request) => (isInTheFuture(request.occurredAt) ? [{ field: "occurredAt", message: "The time cannot be in the future" }] : []),
  });
  const steps = plan.goals.flatMap((goal) => goal.steps.map((step) => ({ value: step.id, label: `${goal.title}: ${step.description}` })));
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await write.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="Motivational interview"
      summaryHeadingLevel="h3"
    >
      <TextField name="occurredAt" label="Date and time of the conversation" type="datetime-local" max={toLocalInput(new Date())} />
      <TextAreaField name="interview.ownGoals" label="The person's goals, in their own words" rows={3} maxLength={2000} />
      <SelectField
        name="interview.readiness"
        label="Readiness ruler: how ready to change, from 0 to 10"
        options={readinessOptions}
        placeholder="Choose"
      />
      <TextAreaField
        name="interview.changeTalk"
        label="Change talk noted (optional)"
        hint="Desire, ability, reasons, need, commitment: in the person's words where you can"
        rows={2}
        maxLength={2000}
      />
      <NextSteps steps={steps} />
      <TextAreaField name="narrative" label="Summary of the conversation" rows={4} />
      <FormButtons submit="Save as a draft note" onCancel={onCancel} />
    </Form>
  );
}

function NextSteps({ steps }: { steps: { value: string; label: string }[] }) {
  const form = useFormFields();
  const rows = useFieldArray({ control: form.control, name: "interview.nextSteps" as never });
  return (
    <fieldset className="usa-fieldset margin-top-2">
      <legend className="usa-legend text-bold">Next steps agreed</legend>
      {rows.fields.map((row, index) => (
        <div key={row.id} className="grid-row grid-gap-2">
          <div className="grid-col-12 tablet:grid-col-6">
            <TextField name={`interview.nextSteps.${index}.text`} label={`Next step ${index + 1}`} maxLength={500} />
          </div>
          <div className="grid-col-12 tablet:grid-col-6">
            <SelectField
              name={`interview.nextSteps.${index}.planStepId`}
              label="Step of the plan it carries forward"
              options={[{ value: "", label: "Not a plan step" }, ...steps]}
            />
          </div>
        </div>
      ))}
      {rows.fields.length < 10 ? (
        <Button variant="outline" className="margin-top-1" onClick={() => rows.append({ text: "", planStepId: "" } as never)}>
          Add a next step
        </Button>
      ) : null}
    </fieldset>
  );
}
