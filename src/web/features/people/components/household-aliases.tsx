import { useState } from "react";
import { aliasBody } from "../../../../shared/contract/people";
import { Form, SelectField, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { useAddAlias, useRemoveAlias } from "../api/household";
import type { PersonRecord } from "../api/people";

type Alias = PersonRecord["person"]["aliases"][number];

export const aliasKindLabels: Record<string, string> = {
  alias: "Alias",
  maiden: "Maiden name",
  nickname: "Nickname",
  street: "Street name",
};
/** An alias kind in words (an unknown kind as it is, never blank). */
export const aliasKindLabel = (kind: string) => aliasKindLabels[kind] ?? kind;

/** Other names the person is known by: added, and removed after confirmation. */
export function AliasesEditor({ record }: { record: PersonRecord }) {
  const personId = record.person.id;
  const aliases = record.person.aliases;
  const add = useAddAlias(personId);
  const remove = useRemoveAlias(personId);
  const [removing, setRemoving] = useState<Alias | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useContractForm(aliasBody, {
    defaultValues: { fullName: "", kind: "alias" },
    messages: { fullName: "Enter the name they are known by", kind: "Choose the kind of name" },
  });

  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {aliases.length === 0 ? (
        <p>No other names recorded.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" aria-label="Other names">
          {aliases.map((alias) => (
            <li key={alias.id} className="display-flex flex-align-center flex-wrap border-bottom-1px border-base-lighter padding-y-1">
              <span className="margin-right-2">
                <span className="text-bold">{alias.fullName}</span> ({aliasKindLabel(alias.kind).toLowerCase()})
              </span>
              <Button variant="unstyled" onClick={() => setRemoving(alias)}>
                Remove<span className="usa-sr-only"> {alias.fullName}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {removing ? (
        <ConfirmDialog
          title="Remove this name?"
          confirmLabel="Remove name"
          cancelLabel="Keep it"
          destructive
          pending={remove.isPending}
          error={remove.error}
          onConfirm={async () => {
            await remove.mutateAsync(removing.id);
            setDone(`${removing.fullName} was removed from the other names.`);
          }}
          onClose={() => setRemoving(null)}
        >
          <p className="margin-top-0">
            {removing.fullName} ({aliasKindLabel(removing.kind).toLowerCase()}) will no longer be listed on this record.
          </p>
        </ConfirmDialog>
      ) : null}
      <Form
        form={form}
        aria-label="Add another name"
        summaryHeadingLevel="h3"
        onSubmit={async (request) => {
          setDone(null);
          await add.mutateAsync(request);
          setDone(`${request.fullName} was added to the other names.`);
          form.reset();
        }}
      >
        <TextField name="fullName" label="Name they are known by" autoComplete="off" />
        <SelectField
          name="kind"
          label="Kind of name"
          options={Object.entries(aliasKindLabels).map(([value, label]) => ({ value, label }))}
        />
        <SubmitButton className="margin-top-2">Add name</SubmitButton>
      </Form>
    </>
  );
}
