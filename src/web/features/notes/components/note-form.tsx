import type { ReactNode } from "react";
import { noteBody } from "../../../../shared/contract/notes";
import { Form, SelectField, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, isInTheFuture, toLocalInput } from "../../../lib/datetime-input";
import { type NoteType, noteTypeLabels, optionsFrom } from "../../../lib/supervision-labels";
import type { CaseNote, NoteInput } from "../api/notes";

/** interview: a motivational-interviewing note's structured part, kept as it is when its draft is edited here. */
export type NoteDraft = { noteType: NoteType; occurredAt: string; narrative: string; interview?: CaseNote["interview"] };

export const emptyNoteDraft = (): NoteDraft => ({ noteType: "contact", occurredAt: toLocalInput(new Date()), narrative: "" });

export const draftFromNote = (note: {
  noteType: NoteType;
  occurredAt: string;
  narrative: string;
  interview?: CaseNote["interview"];
}): NoteDraft => ({
  noteType: note.noteType,
  occurredAt: toLocalInput(new Date(note.occurredAt)),
  narrative: note.narrative,
  ...(note.interview ? { interview: note.interview } : {}),
});

/** Checks the form like a submit, then hands the valid body to `use` (e.g. to ask before signing it). */
export type ValidateThen = (use: (input: NoteInput) => void) => (event?: React.BaseSyntheticEvent) => Promise<void>;

type NoteFormProps = {
  label: string;
  initial: NoteDraft;
  submitLabel: string;
  /** Sends the body; a thrown API error lands on the fields and in the error summary. */
  onSubmit: (input: NoteInput) => Promise<unknown>;
  /** More buttons next to the submit button; `validateThen` checks the form before they use its body. */
  extraActions?: (validateThen: ValidateThen) => ReactNode;
};

/** Type, time and narrative of a case note; used to write, edit and amend notes. */
export function NoteForm({ label, initial, submitLabel, onSubmit, extraActions }: NoteFormProps) {
  const form = useContractForm(noteBody, {
    defaultValues: initial,
    // The input holds local time; the API takes an instant.
    toRequest: (values) => ({ ...values, occurredAt: fromLocalInput(String(values.occurredAt)) }),
    messages: { occurredAt: "Enter the date and time of the event", narrative: "Write the note" },
    check: (request) =>
      isInTheFuture(request.occurredAt) ? [{ field: "occurredAt", message: "The time of the event cannot be in the future" }] : [],
  });
  const validateThen: ValidateThen = (use) => form.submitWith(async (request) => use(request));

  return (
    <Form form={form} onSubmit={onSubmit} className="usa-form maxw-tablet-lg" aria-label={label} summaryHeadingLevel="h4">
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <SelectField
            name="noteType"
            label="Type of note"
            // A motivational interview is written from the Case plan section (its structured part has a form of its own).
            options={optionsFrom(noteTypeLabels).filter(
              (option) => option.value !== "motivational_interview" || initial.noteType === "motivational_interview",
            )}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextField name="occurredAt" label="Date and time of the event" type="datetime-local" max={toLocalInput(new Date())} />
        </div>
      </div>
      <TextAreaField name="narrative" label="Narrative" rows={5} className="maxw-full" />
      <div className="margin-top-2">
        <SubmitButton>{submitLabel}</SubmitButton>
        {extraActions?.(validateThen)}
      </div>
    </Form>
  );
}
