import { useState } from "react";
import { transferBody } from "../../../../shared/contract/supervision";
import { Form, SelectField, SubmitButton, TextAreaField } from "../../../components/form";
import { Alert, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { useUnitOfficers } from "../../caseload/api/officers";
import { useTransferCase } from "../api/cases";

type Props = { caseId: string; personId: string; caseNumber: string; currentOfficerId: string };

/** Supervisors: hand the case to another officer of the unit, with the reason (kept in the assignment history). */
export function TransferForm({ caseId, personId, caseNumber, currentOfficerId }: Props) {
  const officers = useUnitOfficers(true);
  const transfer = useTransferCase(caseId, personId);
  const [done, setDone] = useState<string | null>(null);
  const form = useContractForm(transferBody, {
    defaultValues: { officerId: "", reason: "" },
    messages: { officerId: "Choose the officer who takes over the case" },
  });

  const candidates = (officers.data ?? []).filter((officer) => officer.id !== currentOfficerId);

  const send = async (request: { officerId: string; reason: string }) => {
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
