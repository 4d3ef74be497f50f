import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { transferBody } from "../../../../shared/contract/cases";
import { Form, SelectField, SubmitButton, TextAreaField } from "../../../components/form";
import { Alert, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { useUnitOfficers } from "../../../lib/officers";
import { personKeys } from "../../../lib/query-keys";
import { type TransferInput, useTransferCase } from "../api/cases";

type Props = {
  caseId: string;
  /** The case's version the page shows: a transfer made meanwhile by someone else makes this one a 409. */
  caseVersion: number;
  personId: string;
  caseNumber: string;
  currentOfficerId: string;
};

/** Supervisors: hand the case to another officer of the unit, with the reason (kept in the assignment history). */
export function TransferForm({ caseId, caseVersion, personId, caseNumber, currentOfficerId }: Props) {
  const queryClient = useQueryClient();
  const officers = useUnitOfficers(true);
  const transfer = useTransferCase(caseId, personId);
  const [done, setDone] = useState<string | null>(null);
  // The version of the record as shown when the form is sent (it reloads after a conflict, keeping what was typed).
  const version = useRef(caseVersion);
  version.current = caseVersion;
  const form = useContractForm(transferBody, {
    defaultValues: { officerId: "", reason: "" },
    messages: { officerId: "Choose the officer who takes over the case" },
    toRequest: (values) => ({ ...values, expectedVersion: version.current }),
    onReload: () => queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
  });

  const candidates = (officers.data ?? []).filter((officer) => officer.id !== currentOfficerId);

  const send = async (request: TransferInput) => {
    setDone(null);
    await transfer.mutateAsync(request);
    const name = candidates.find((officer) => officer.id === request.officerId)?.displayName ?? "the new officer";
    setDone(`Case ${caseNumber} was transferred to ${name}.`);
    form.reset();
  };

  if (officers.isPending) return <Loading label="Loading the officers of your unit…" />;
  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      <ErrorAlert error={officers.error} />
      <Form form={form} onSubmit={send} aria-label="Transfer the case" summaryHeadingLevel="h3">
        <SelectField
          name="officerId"
          label="New officer"
          placeholder
          options={candidates.map((officer) => ({ value: officer.id, label: officer.displayName }))}
        />
        <TextAreaField name="reason" label="Reason for the transfer" rows={3} />
        <SubmitButton className="margin-top-2">Transfer case</SubmitButton>
      </Form>
    </>
  );
}
