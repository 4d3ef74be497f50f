import { useEffect, useRef, useState } from "react";
import { contactBody, contactUpdateBody } from "../../../../shared/contract/people";
import { Form, SelectField, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { useAddPersonContact, useCorrectPersonContact, useRemovePersonContact } from "../api/household";
import type { PersonRecord } from "../api/people";

type Contact = PersonRecord["contacts"][number];

const contactKindLabels: Record<Contact["kind"], string> = {
  household: "Lives with them (household)",
  family: "Family",
  emergency: "Emergency contact",
};
const kindOptions = Object.entries(contactKindLabels).map(([value, label]) => ({ value, label }));

const contactMessages = { kind: "Choose who the contact is to them", fullName: "Enter the contact's full name" };

/** Household, family and emergency contacts: listed, added, corrected and (after confirmation) removed. */
export function HouseholdContacts({ record }: { record: PersonRecord }) {
  const personId = record.person.id;
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Contact | null>(null);
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const remove = useRemovePersonContact(personId);
  const addButton = useRef<HTMLButtonElement>(null);
  // After a form closes, focus goes back where it was opened from (the contact, or the add button).
  const [returnFocusTo, setReturnFocusTo] = useState<string | null>(null);
  useEffect(() => {
    if (!returnFocusTo) return;
    const target =
      returnFocusTo === "add" ? addButton.current : document.querySelector<HTMLElement>(`[data-contact-id="${returnFocusTo}"]`);
    target?.focus();
    setReturnFocusTo(null);
  }, [returnFocusTo]);

  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {record.contacts.length === 0 ? <p>No household, family or emergency contacts recorded.</p> : null}
      <ul className="usa-list usa-list--unstyled" aria-label="Household, family and emergency contacts">
        {record.contacts.map((contact) => (
          <li key={contact.id} className="border-bottom-1px border-base-lighter padding-y-2" data-contact-id={contact.id} tabIndex={-1}>
            {editing === contact.id ? (
              <CorrectContactForm
                personId={personId}
                contact={contact}
                onDone={(message) => {
                  setEditing(null);
                  setDone(message);
                  setReturnFocusTo(contact.id);
                }}
                onCancel={() => {
                  setEditing(null);
                  setReturnFocusTo(contact.id);
                }}
              />
            ) : (
              <>
                <p className="margin-y-0 text-bold">{contact.fullName}</p>
                <p className="margin-y-05">
                  {contactKindLabels[contact.kind]}
                  {contact.relationship ? `, ${contact.relationship}` : ""}
                </p>
                <p className="margin-y-05">
                  {contact.phone ? <a href={`tel:${contact.phone.replace(/[^0-9+]/g, "")}`}>{contact.phone}</a> : "No phone recorded"}
                </p>
                <ul className="usa-button-group margin-top-1">
                  <li className="usa-button-group__item">
                    <Button
                      variant="outline"
                      onClick={() => {
                        setDone(null);
                        setEditing(contact.id);
                      }}
                    >
                      Correct<span className="usa-sr-only"> {contact.fullName}</span>
                    </Button>
                  </li>
                  <li className="usa-button-group__item">
                    <Button variant="unstyled" onClick={() => setRemoving(contact)}>
                      Remove<span className="usa-sr-only"> {contact.fullName}</span>
                    </Button>
                  </li>
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
      {removing ? (
        <ConfirmDialog
          title="Remove this contact?"
          confirmLabel="Remove contact"
          cancelLabel="Keep it"
          destructive
          pending={remove.isPending}
          error={remove.error}
          onConfirm={async () => {
            // The version now on the page: after a conflict the list reloads, and a second confirmation removes what it shows.
            const shown = record.contacts.find((contact) => contact.id === removing.id) ?? removing;
            await remove.mutateAsync({ contactId: removing.id, expectedVersion: shown.version });
            setDone(`${removing.fullName} was removed from the contacts.`);
          }}
          onClose={() => setRemoving(null)}
        >
          <p className="margin-top-0">
            {removing.fullName} ({contactKindLabels[removing.kind].toLowerCase()}) will no longer be listed on this record.
          </p>
        </ConfirmDialog>
      ) : null}
      {adding ? (
        <AddContactForm
          personId={personId}
          onDone={(message) => {
            setAdding(false);
            setDone(message);
            setReturnFocusTo("add");
          }}
          onCancel={() => {
            setAdding(false);
            setReturnFocusTo("add");
          }}
        />
      ) : (
        <button
          ref={addButton}
          type="button"
          className="usa-button usa-button--outline margin-top-2"
          onClick={() => {
            setDone(null);
            setAdding(true);
          }}
        >
          Add a contact
        </button>
      )}
    </>
  );
}

type FormProps = { personId: string; onDone: (message: string) => void; onCancel: () => void };

/** The form's fields; the first takes focus when the form opens (the button that opened it is gone). */
function ContactFields() {
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    first.current?.querySelector<HTMLElement>("select")?.focus();
  }, []);
  return (
    <div ref={first}>
      <SelectField name="kind" label="Who they are" options={kindOptions} />
      <TextField name="fullName" label="Full name" autoComplete="off" />
      <TextField name="relationship" label="Relationship (optional)" hint="For example: mother, partner, roommate" />
      <TextField name="phone" label="Phone (optional)" type="tel" autoComplete="off" />
    </div>
  );
}

function AddContactForm({ personId, onDone, onCancel }: FormProps) {
  const add = useAddPersonContact(personId);
  const form = useContractForm(contactBody, {
    defaultValues: { kind: "household", fullName: "", relationship: "", phone: "" },
    messages: contactMessages,
  });
  return (
    <Form
      form={form}
      aria-label="Add a contact"
      summaryHeadingLevel="h3"
      className="usa-form margin-top-2"
      onSubmit={async (request) => {
        await add.mutateAsync(request);
        onDone(`${request.fullName} was added to the contacts.`);
      }}
    >
      <ContactFields />
      <div className="margin-top-2">
        <SubmitButton>Save contact</SubmitButton>
        <Button variant="unstyled" className="margin-left-2" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}

function CorrectContactForm({ personId, contact, ...rest }: FormProps & { contact: Contact }) {
  const correct = useCorrectPersonContact(personId, contact.id);
  const form = useContractForm(contactUpdateBody, {
    defaultValues: { kind: contact.kind, fullName: contact.fullName, relationship: contact.relationship ?? "", phone: contact.phone ?? "" },
    messages: contactMessages,
    // The version this correction is based on: a change made meanwhile by someone else answers 409.
    toRequest: (values) => ({ ...values, expectedVersion: contact.version }),
  });
  return (
    <Form
      form={form}
      aria-label={`Correct ${contact.fullName}`}
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await correct.mutateAsync(request);
        rest.onDone(`The contact ${request.fullName} was corrected.`);
      }}
    >
      <ContactFields />
      <div className="margin-top-2">
        <SubmitButton>Save correction</SubmitButton>
        <Button variant="unstyled" className="margin-left-2" onClick={rest.onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
