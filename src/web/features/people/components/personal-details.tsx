import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { personUpdateBody } from "../../../../shared/contract/people";
import { Form, FormButtons, SelectField, TextField } from "../../../components/form";
import { Alert, Button } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate } from "../../../lib/format";
import { personKeys } from "../../../lib/query-keys";
import { personName } from "../../../lib/supervision-labels";
import { type PersonRecord, useCorrectPerson } from "../api/people";

type Person = PersonRecord["person"];

const sexLabels: Record<string, string> = { female: "Female", male: "Male", other: "Other", unknown: "Unknown" };

/** The person's own fields, listed and corrected (name, date of birth, identifiers, contact details). */
export function PersonalDetails({ person, canEdit }: { person: Person; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {editing ? (
        // A new version of the person (saved, or reloaded after a conflict) starts the form from its values.
        <PersonalDetailsForm
          key={person.version}
          person={person}
          onCancel={() => setEditing(false)}
          onSaved={(message) => {
            setEditing(false);
            setDone(message);
          }}
        />
      ) : (
        <>
          <dl className="waypoint-facts" aria-label="Personal details">
            <dt>Name</dt>
            <dd>{personName(person.name)}</dd>
            <dt>Date of birth</dt>
            <dd>{formatDate(person.dateOfBirth)}</dd>
            <dt>Sex</dt>
            <dd>{person.sex ? (sexLabels[person.sex] ?? person.sex) : "Not recorded"}</dd>
            <dt>Agency number</dt>
            <dd>{person.agencyPersonNumber}</dd>
            <dt>State ID</dt>
            <dd>{person.stateId ?? "—"}</dd>
            <dt>FBI number</dt>
            <dd>{person.fbiNumber ?? "—"}</dd>
            <dt>Phone</dt>
            <dd>{person.phone ?? "Not recorded"}</dd>
            <dt>Email</dt>
            <dd>{person.email ?? "Not recorded"}</dd>
            <dt>Languages</dt>
            <dd>{person.languages.length > 0 ? person.languages.join(", ") : "Not recorded"}</dd>
          </dl>
          {canEdit ? (
            <Button
              variant="outline"
              className="margin-top-2"
              onClick={() => {
                setDone(null);
                setEditing(true);
              }}
            >
              Correct personal details
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}

type FormProps = { person: Person; onCancel: () => void; onSaved: (message: string) => void };

function PersonalDetailsForm({ person, onCancel, onSaved }: FormProps) {
  const queryClient = useQueryClient();
  const correct = useCorrectPerson(person.id);
  const form = useContractForm(personUpdateBody, {
    defaultValues: {
      firstName: person.name.first,
      middleName: person.name.middle ?? "",
      lastName: person.name.last,
      dateOfBirth: person.dateOfBirth,
      sex: (person.sex ?? "") as "",
      agencyPersonNumber: person.agencyPersonNumber,
      stateId: person.stateId ?? "",
      fbiNumber: person.fbiNumber ?? "",
      phone: person.phone ?? "",
      email: person.email ?? "",
      languages: person.languages.join(", ") as never,
      expectedVersion: person.version,
    },
    messages: {
      firstName: "Enter the first name",
      lastName: "Enter the last name",
      dateOfBirth: "Enter the date of birth",
      agencyPersonNumber: "Enter the agency person number",
      email: "Enter an email address, like name@example.com",
    },
    // Languages are typed as a list separated by commas.
    toRequest: (values) => ({
      ...values,
      languages: String(values.languages ?? "")
        .split(",")
        .map((language) => language.trim())
        .filter(Boolean),
    }),
    // After a conflict: the record as it is now; the form starts again from it (its key is the version).
    onReload: () => queryClient.invalidateQueries({ queryKey: personKeys.detail(person.id) }),
  });
  return (
    <Form
      form={form}
      aria-label="Correct personal details"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await correct.mutateAsync(request);
        onSaved(
          `Personal details of ${personName({ first: request.firstName, middle: request.middleName ?? null, last: request.lastName })} saved.`,
        );
      }}
    >
      <TextField label="First name" autoComplete="off" name="firstName" />
      <TextField label="Middle name (optional)" autoComplete="off" name="middleName" />
      <TextField label="Last name" autoComplete="off" name="lastName" />
      <TextField label="Date of birth" type="date" name="dateOfBirth" />
      <SelectField
        label="Sex (optional)"
        name="sex"
        placeholder="Not recorded"
        options={Object.entries(sexLabels).map(([value, label]) => ({ value, label }))}
      />
      <TextField label="Agency person number" autoComplete="off" spellCheck={false} name="agencyPersonNumber" />
      <TextField label="State ID (optional)" autoComplete="off" spellCheck={false} name="stateId" />
      <TextField label="FBI number (optional)" autoComplete="off" spellCheck={false} name="fbiNumber" />
      <TextField label="Phone (optional)" type="tel" autoComplete="off" name="phone" />
      <TextField label="Email (optional)" type="email" autoComplete="off" spellCheck={false} name="email" />
      <TextField
        label="Languages (optional)"
        hint="Separate languages with commas, for example English, Spanish."
        autoComplete="off"
        name="languages"
      />
      <FormButtons submit="Save personal details" onCancel={onCancel} />
    </Form>
  );
}
