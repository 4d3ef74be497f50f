import { type FormEvent, type ReactNode, useState } from "react";
import { Button, Select, TextArea, TextInput } from "../../../components/ui";
import { toLocalInput } from "../../../lib/datetime-input";
import { type FieldErrors, fieldErrorsFrom } from "../../../lib/form-errors";
import { type NoteType, noteTypeLabels, optionsFrom } from "../../../lib/supervision-labels";
import type { NoteInput } from "../api/notes";

export type NoteDraft = { noteType: NoteType; occurredAt: string; narrative: string };

export const emptyNoteDraft = (): NoteDraft => ({ noteType: "contact", occurredAt: toLocalInput(new Date()), narrative: "" });

export const draftFromNote = (note: { noteType: NoteType; occurredAt: string; narrative: string }): NoteDraft => ({
  noteType: note.noteType,
  occurredAt: toLocalInput(new Date(note.occurredAt)),
  narrative: note.narrative,
});

/** Checks the draft in the browser; returns the request body, or the errors to show. */
export function noteInputFrom(draft: NoteDraft): { input: NoteInput } | { errors: FieldErrors } {
  const when = new Date(draft.occurredAt);
  const errors: FieldErrors = {
    occurredAt: Number.isNaN(when.getTime())
      ? "Enter the date and time of the event"
      : when.getTime() > Date.now() + 60_000
        ? "The time of the event cannot be in the future"
        : undefined,
    narrative: draft.narrative.trim() ? undefined : "Write the note",
  };
  if (errors.occurredAt || errors.narrative) return { errors };
  return { input: { noteType: draft.noteType, occurredAt: when.toISOString(), narrative: draft.narrative } };
}

type NoteFormProps = {
  label: string;
  initial: NoteDraft;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: NoteInput, reset: () => void) => void;
  /** More buttons next to the submit button; they get the current body (or null when it is invalid). */
  extraActions?: (current: () => NoteInput | null) => ReactNode;
};

/** Type, time and narrative of a case note; used to write, edit and amend notes. */
export function NoteForm({ label, initial, submitLabel, pending, error, onSubmit, extraActions }: NoteFormProps) {
  const [draft, setDraft] = useState<NoteDraft>(initial);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const errors = { ...fieldErrorsFrom(error), ...Object.fromEntries(Object.entries(localErrors).filter(([, value]) => value)) };

  const validated = (): NoteInput | null => {
    const result = noteInputFrom(draft);
    if ("errors" in result) {
      setLocalErrors(result.errors);
      return null;
    }
    setLocalErrors({});
    return result.input;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = validated();
    if (input) onSubmit(input, () => setDraft(emptyNoteDraft()));
  };

  return (
    <form className="usa-form maxw-tablet-lg" aria-label={label} onSubmit={submit} noValidate>
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <Select
            label="Type of note"
            value={draft.noteType}
            onChange={(event) => setDraft({ ...draft, noteType: event.target.value as NoteType })}
            options={optionsFrom(noteTypeLabels)}
            error={errors.noteType}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextInput
            label="Date and time of the event"
            type="datetime-local"
            value={draft.occurredAt}
            max={toLocalInput(new Date())}
            onChange={(event) => setDraft({ ...draft, occurredAt: event.target.value })}
            error={errors.occurredAt}
          />
        </div>
      </div>
      <TextArea
        label="Narrative"
        rows={5}
        className="maxw-full"
        value={draft.narrative}
        onChange={(event) => setDraft({ ...draft, narrative: event.target.value })}
        error={errors.narrative}
      />
      <div className="margin-top-2">
        <Button type="submit" pending={pending}>
          {submitLabel}
        </Button>
        {extraActions?.(validated)}
      </div>
    </form>
  );
}
