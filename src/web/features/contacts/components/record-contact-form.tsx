import { type FormEvent, useState } from "react";
import { Alert, Button, ErrorAlert, Select, TextArea, TextInput } from "../../../components/ui";
import { toLocalInput } from "../../../lib/datetime-input";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import {
  type ContactOutcome,
  type ContactType,
  contactOutcomeLabels,
  contactTypeLabels,
  optionsFrom,
} from "../../../lib/supervision-labels";
import { type Contact, type ContactInput, useRecordContact } from "../api/contacts";

type Draft = {
  contactType: ContactType;
  occurredAt: string;
  location: string;
  peoplePresent: string;
  outcome: ContactOutcome;
  narrative: string;
  appointmentId: string | null;
};

/** Values to start the form with, e.g. from the appointment the contact completes. */
export type ContactPrefill = {
  contactType?: ContactType;
  occurredAt?: Date;
  location?: string | null;
  appointmentId?: string;
};

const emptyDraft = (prefill: ContactPrefill = {}): Draft => ({
  contactType: prefill.contactType ?? "office_visit",
  occurredAt: toLocalInput(prefill.occurredAt ?? new Date()),
  location: prefill.location ?? "",
  peoplePresent: "",
  outcome: "completed",
  narrative: "",
  appointmentId: prefill.appointmentId ?? null,
});

function inputFrom(draft: Draft): { input: ContactInput } | { errors: FieldErrors } {
  const when = new Date(draft.occurredAt);
  const errors: FieldErrors = {
    occurredAt: Number.isNaN(when.getTime())
      ? "Enter the date and time of the contact"
      : when.getTime() > Date.now() + 60_000
        ? "The contact cannot be in the future: enter when it took place"
        : undefined,
  };
  if (hasErrors(errors)) return { errors };
  return {
    input: {
      contactType: draft.contactType,
      occurredAt: when.toISOString(),
      location: draft.location.trim() || null,
      peoplePresent: draft.peoplePresent.trim() || null,
      outcome: draft.outcome,
      ...(draft.narrative.trim() ? { narrative: draft.narrative } : {}),
      ...(draft.appointmentId ? { appointmentId: draft.appointmentId } : {}),
    },
  };
}

type Props = {
  caseId: string;
  personId: string;
  prefill?: ContactPrefill;
  /** The form's accessible name. */
  label?: string;
  submitLabel?: string;
  /** Called instead of showing the confirmation in the form (e.g. when a dialog closes on success). */
  onRecorded?: (saved: Contact) => void;
};

/** Records a contact with the person; a narrative starts a draft case note documenting it; an appointment id completes it. */
export function RecordContactForm({
  caseId,
  personId,
  prefill,
  label = "Record a contact",
  submitLabel = "Record contact",
  onRecorded,
}: Props) {
  const record = useRecordContact(caseId, personId);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(prefill));
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const [announcement, setAnnouncement] = useState("");
  const errors = { ...fieldErrorsFrom(record.error), ...Object.fromEntries(Object.entries(localErrors).filter(([, value]) => value)) };
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAnnouncement("");
    const result = inputFrom(draft);
    if ("errors" in result) {
      setLocalErrors(result.errors);
      return;
    }
    setLocalErrors({});
    record.mutate(result.input, {
      onSuccess: (saved) => {
        if (onRecorded) {
          onRecorded(saved);
          return;
        }
        setDraft(emptyDraft());
        setAnnouncement(
          `${contactTypeLabels[saved.contactType]} recorded as ${contactOutcomeLabels[saved.outcome].toLowerCase()}.` +
            (saved.noteId ? " A draft note documents it; sign it in Notes." : "") +
            (saved.verifiedAddressId ? " The current address is now verified." : ""),
        );
      },
    });
  };

  return (
    <form className="usa-form maxw-tablet-lg" aria-label={label} onSubmit={submit} noValidate>
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <Select
            label="Type of contact"
            value={draft.contactType}
            onChange={(event) => set({ contactType: event.target.value as ContactType })}
            options={optionsFrom(contactTypeLabels)}
            error={errors.contactType}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextInput
            label="Date and time of the contact"
            type="datetime-local"
            value={draft.occurredAt}
            max={toLocalInput(new Date())}
            onChange={(event) => set({ occurredAt: event.target.value })}
            error={errors.occurredAt}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextInput
            label="Location"
            hint="Optional"
            value={draft.location}
            maxLength={300}
            onChange={(event) => set({ location: event.target.value })}
            error={errors.location}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <Select
            label="Outcome"
            value={draft.outcome}
            onChange={(event) => set({ outcome: event.target.value as ContactOutcome })}
            options={optionsFrom(contactOutcomeLabels)}
            error={errors.outcome}
          />
        </div>
      </div>
      <TextInput
        label="Who was present"
        hint="Optional, for example the person and their partner"
        value={draft.peoplePresent}
        maxLength={500}
        onChange={(event) => set({ peoplePresent: event.target.value })}
        error={errors.peoplePresent}
      />
      <TextArea
        label="Narrative note"
        hint="Optional. Starts a draft case note documenting the contact."
        rows={4}
        className="maxw-full"
        value={draft.narrative}
        onChange={(event) => set({ narrative: event.target.value })}
        error={errors.narrative}
      />
      <ErrorAlert error={record.error} />
      <div className="margin-top-2">
        <Button type="submit" pending={record.isPending}>
          {record.isPending ? "Recording…" : submitLabel}
        </Button>
      </div>
      <div className="margin-top-2">
        {announcement ? (
          <Alert type="success" slim role="status">
            {announcement}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}
