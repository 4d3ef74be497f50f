import { useState } from "react";
import { cautionBody, cautionKind, retireCautionBody } from "../../../../shared/contract/people";
import { Form, SelectField, SubmitButton, TextAreaField } from "../../../components/form";
import { Alert, Button, Dialog } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDateTime } from "../../../lib/format";
import { cautionLabels } from "../../../lib/supervision-labels";
import { useAddCaution, useRetireCaution } from "../api/household";
import type { PersonRecord } from "../api/people";

type Caution = PersonRecord["cautions"][number];

/**
 * Safety cautions: the current ones (also shown in the header to anyone visiting) with a way to retire each with a
 * reason, a form to add one, and the retired ones as history (who retired them, when and why).
 */
export function CautionsEditor({ record }: { record: PersonRecord }) {
  const personId = record.person.id;
  const [retiring, setRetiring] = useState<Caution | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const add = useAddCaution(personId);
  const form = useContractForm(cautionBody, {
    defaultValues: { kind: "", description: "" },
    messages: { kind: "Choose the kind of caution", description: "Describe the danger, so whoever visits knows what to expect" },
  });

  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {record.cautions.length === 0 ? (
        <p>No current safety cautions.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" aria-label="Current safety cautions">
          {record.cautions.map((caution) => (
            <li key={caution.id} className="border-bottom-1px border-base-lighter padding-y-1">
              <p className="margin-y-05">
                <strong>{cautionLabels[caution.kind]}:</strong> {caution.description}
              </p>
              <p className="margin-y-05 text-base">Added {formatDateTime(caution.createdAt)}</p>
              <Button
                variant="outline"
                className="margin-top-05"
                onClick={() => {
                  setDone(null);
                  setRetiring(caution);
                }}
              >
                Retire<span className="usa-sr-only"> the caution {cautionLabels[caution.kind]}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {retiring ? (
        <RetireCautionDialog
          personId={personId}
          caution={retiring}
          onClose={() => setRetiring(null)}
          onDone={(message) => {
            setRetiring(null);
            setDone(message);
          }}
        />
      ) : null}

      <h3>Add a caution</h3>
      <Form
        form={form}
        aria-label="Add a caution"
        summaryHeadingLevel="h3"
        onSubmit={async (request) => {
          setDone(null);
          await add.mutateAsync(request);
          setDone(`The caution was added; it is shown at the top of the record to anyone visiting.`);
          form.reset();
        }}
      >
        <SelectField
          name="kind"
          label="Kind of caution"
          placeholder
          options={cautionKind.options.map((kind) => ({ value: kind, label: cautionLabels[kind] }))}
        />
        <TextAreaField name="description" label="What to be careful of" rows={3} />
        <SubmitButton className="margin-top-2">Add caution</SubmitButton>
      </Form>

      {record.retiredCautions.length > 0 ? (
        <>
          <h3>Retired cautions</h3>
          <ul className="usa-list usa-list--unstyled" aria-label="Retired cautions">
            {record.retiredCautions.map((caution) => (
              <li key={caution.id} className="border-bottom-1px border-base-lighter padding-y-1">
                <p className="margin-y-05">
                  <strong>{cautionLabels[caution.kind]}:</strong> {caution.description}
                </p>
                <p className="margin-y-05 text-base">
                  Retired {formatDateTime(caution.retiredAt)}
                  {caution.retiredBy ? ` by ${caution.retiredBy}` : ""}
                  {caution.retiredReason ? `: ${caution.retiredReason}` : ""}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

type RetireProps = { personId: string; caution: Caution; onClose: () => void; onDone: (message: string) => void };

/** Retiring is final: the dialog shows the caution and asks why it no longer applies. */
function RetireCautionDialog({ personId, caution, onClose, onDone }: RetireProps) {
  const retire = useRetireCaution(personId, caution.id);
  const form = useContractForm(retireCautionBody, {
    defaultValues: { reason: "" },
    messages: { reason: "Say why the caution no longer applies" },
    // The version the officer read: a caution changed or retired meanwhile answers 409.
    toRequest: (values) => ({ ...values, expectedVersion: caution.version }),
  });
  return (
    <Dialog title="Retire this caution?" onClose={onClose}>
      <p className="margin-top-0">
        <strong>{cautionLabels[caution.kind]}:</strong> {caution.description}
      </p>
      <p>It will no longer be shown to anyone visiting; it stays in the record's history with your reason.</p>
      <Form
        form={form}
        aria-label="Retire the caution"
        summaryHeadingLevel="h3"
        onSubmit={async (request) => {
          await retire.mutateAsync(request);
          onDone(`The ${cautionLabels[caution.kind].toLowerCase()} caution was retired.`);
        }}
      >
        <TextAreaField name="reason" label="Why it no longer applies" rows={3} />
        <div className="margin-top-2">
          <SubmitButton>Retire caution</SubmitButton>
          <Button variant="unstyled" className="margin-left-2" onClick={onClose}>
            Keep it
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
