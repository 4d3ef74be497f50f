import { useState } from "react";
import { contactBody } from "../../../../shared/contract/contacts";
import { Form, SelectField, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { Alert } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, isInTheFuture, toLocalInput } from "../../../lib/datetime-input";
import { type ContactType, contactOutcomeLabels, contactTypeLabels, optionsFrom } from "../../../lib/supervision-labels";
import { EnforcementFields, enforcementRequest } from "../../violations/components/enforcement-fields";
import { type Contact, type ContactInput, useRecordContact } from "../api/contacts";

/** Values to start the form with, e.g. from the appointment the contact completes. */
export type ContactPrefill = {
  contactType?: ContactType;
  occurredAt?: Date;
  location?: string | null;
  appointmentId?: string;
};

const emptyDraft = (prefill: ContactPrefill = {}) => ({
  contactType: prefill.contactType ?? ("office_visit" as ContactType),
  // An appointment's outcome starts at the appointment's time (a future one is refused when sent, so the officer says
  // when the contact really took place); otherwise now.
  occurredAt: toLocalInput(prefill.occurredAt ?? new Date()),
  location: prefill.location ?? "",
  peoplePresent: "",
  outcome: "completed" as ContactInput["outcome"],
  narrative: "",
  // Every field of the decision, blank: the form's fields (a server issue lands on its field by path).
  enforcement: {
    decision: "" as const,
    reason: "",
    response: "" as const,
    dueOn: "",
    departureReason: "",
    explanationDueOn: "",
    effect: { supervisionLevel: "" as const, curfew: { start: "", end: "" } },
  },
});

/** The outcomes that are a violation (a missed appointment, a failed contact): the form offers the enforcement decision. */
const failedOutcomes = (withAppointment: boolean): ReadonlySet<string> =>
  new Set(withAppointment ? ["no_show", "refused", "attempted"] : ["no_show", "refused"]);

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
  const [announcement, setAnnouncement] = useState("");
  const form = useContractForm(contactBody, {
    defaultValues: emptyDraft(prefill),
    // The input holds local time; the API takes an instant. The appointment completed is not a field.
    toRequest: ({ enforcement, ...values }) => {
      const decision = failedOutcomes(Boolean(prefill?.appointmentId)).has(String(values.outcome))
        ? enforcementRequest(enforcement as never)
        : undefined;
      return {
        ...values,
        occurredAt: fromLocalInput(String(values.occurredAt)),
        ...(prefill?.appointmentId ? { appointmentId: prefill.appointmentId } : {}),
        ...(decision ? { enforcement: decision } : {}),
      };
    },
    messages: { occurredAt: "Enter the date and time of the contact" },
    check: (request) =>
      isInTheFuture(request.occurredAt)
        ? [{ field: "occurredAt", message: "The contact cannot be in the future: enter when it took place" }]
        : [],
  });

  const failed = failedOutcomes(Boolean(prefill?.appointmentId)).has(String(form.watch("outcome")));

  const send = async (input: ContactInput) => {
    setAnnouncement("");
    const saved = await record.mutateAsync(input);
    if (onRecorded) {
      onRecorded(saved);
      return;
    }
    form.reset(emptyDraft());
    setAnnouncement(
      `${contactTypeLabels[saved.contactType]} recorded as ${contactOutcomeLabels[saved.outcome].toLowerCase()}.` +
        (saved.noteId ? " A draft note documents it; sign it in Notes." : "") +
        (saved.verifiedAddressId ? " The current address is now verified." : "") +
        (input.enforcement ? " The enforcement decision is under Violations and responses." : ""),
    );
  };

  return (
    <Form form={form} onSubmit={send} className="usa-form maxw-tablet-lg" aria-label={label} summaryHeadingLevel="h3">
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <SelectField name="contactType" label="Type of contact" options={optionsFrom(contactTypeLabels)} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextField name="occurredAt" label="Date and time of the contact" type="datetime-local" max={toLocalInput(new Date())} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextField name="location" label="Location" hint="Optional" maxLength={300} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <SelectField name="outcome" label="Outcome" options={optionsFrom(contactOutcomeLabels)} />
        </div>
      </div>
      <TextField name="peoplePresent" label="Who was present" hint="Optional, for example the person and their partner" maxLength={500} />
      <TextAreaField
        name="narrative"
        label="Narrative note"
        hint="Optional. Starts a draft case note documenting the contact."
        rows={4}
        className="maxw-full"
      />
      {failed ? <EnforcementFields /> : null}
      <div className="margin-top-2">
        <SubmitButton>{record.isPending ? "Recording…" : submitLabel}</SubmitButton>
      </div>
      <div className="margin-top-2">
        {announcement ? (
          <Alert type="success" slim role="status">
            {announcement}
          </Alert>
        ) : null}
      </div>
    </Form>
  );
}
