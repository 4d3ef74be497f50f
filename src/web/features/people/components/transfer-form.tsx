import { type FormEvent, useState } from "react";
import { Alert, Button, ErrorAlert, Loading, Select, TextArea } from "../../../components/ui";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { useUnitOfficers } from "../../../lib/officers";
import { useTransferCase } from "../api/cases";

type Props = { caseId: string; personId: string; caseNumber: string; currentOfficerId: string };

/** Supervisors: hand the case to another officer of the unit, with the reason (kept in the assignment history). */
export function TransferForm({ caseId, personId, caseNumber, currentOfficerId }: Props) {
  const officers = useUnitOfficers(true);
  const transfer = useTransferCase(caseId, personId);
  const [officerId, setOfficerId] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);

  const candidates = (officers.data ?? []).filter((officer) => officer.id !== currentOfficerId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {
      officerId: officerId ? undefined : "Choose the officer who takes over the case",
      reason: reason.trim() ? undefined : "Give the reason for the transfer",
    };
    setErrors(found);
    setDone(null);
    if (hasErrors(found)) return;
    const name = candidates.find((officer) => officer.id === officerId)?.displayName ?? "the new officer";
    transfer.mutate(
      { officerId, reason: reason.trim() },
      {
        onSuccess: () => {
          setDone(`Case ${caseNumber} was transferred to ${name}.`);
          setOfficerId("");
          setReason("");
        },
        onError: (error) => setErrors(fieldErrorsFrom(error)),
      },
    );
  };

  if (officers.isPending) return <Loading label="Loading the officers of your unit…" />;
  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      <ErrorAlert error={officers.error ?? transfer.error} />
      <form className="usa-form" aria-label="Transfer the case" onSubmit={submit} noValidate>
        <Select
          label="New officer"
          value={officerId}
          onChange={(event) => setOfficerId(event.target.value)}
          options={[
            { value: "", label: "- Select -" },
            ...candidates.map((officer) => ({ value: officer.id, label: officer.displayName })),
          ]}
          error={errors.officerId}
        />
        <TextArea
          label="Reason for the transfer"
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={errors.reason}
        />
        <Button type="submit" className="margin-top-2" pending={transfer.isPending}>
          Transfer case
        </Button>
      </form>
    </>
  );
}
