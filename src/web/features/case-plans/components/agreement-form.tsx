import { agreementBody } from "../../../../shared/contract/case-plans";
import { Form, FormButtons, RadioGroupField, TextAreaField, TextField } from "../../../components/form";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate } from "../../../lib/format";
import { useAgencyToday } from "../../../lib/session";
import { type CasePlan, useRecordAgreement } from "../api/case-plans";

const kindOptions = [
  { value: "signed", label: "Signed the plan" },
  { value: "verbal", label: "Agreed verbally" },
  { value: "not_agreed", label: "Could not agree" },
];

/** The agreement of a plan in words: "Signed by the supervisee on Mar 2, 2026." */
export function agreementText(plan: CasePlan): string {
  const agreement = plan.agreement;
  if (!agreement) return "The supervisee's agreement is not recorded yet.";
  const on = formatDate(agreement.on);
  if (agreement.kind === "signed") return `Signed by the supervisee on ${on}.`;
  if (agreement.kind === "verbal") return `Agreed verbally by the supervisee on ${on}.`;
  return `The supervisee could not agree (${on}): ${agreement.reason ?? "no reason given"}.`;
}

export function AgreementForm({
  caseId,
  plan,
  onSaved,
  onCancel,
}: {
  caseId: string;
  plan: CasePlan;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const record = useRecordAgreement(caseId, plan.id);
  const today = useAgencyToday();
  const form = useContractForm(agreementBody, {
    defaultValues: { kind: plan.agreement?.kind ?? "signed", reason: "", on: today, expectedVersion: plan.version },
    messages: { kind: "Choose how the supervisee agreed", on: "Enter the date" },
    check: (request) => [
      ...(request.kind === "not_agreed" && !request.reason ? [{ field: "reason", message: "Say why the supervisee could not agree" }] : []),
      ...(request.on > today ? [{ field: "on", message: "The date cannot be in the future" }] : []),
    ],
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await record.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="The supervisee's agreement"
      summaryHeadingLevel="h3"
    >
      <RadioGroupField name="kind" legend="The supervisee" options={kindOptions} />
      <TextAreaField name="reason" label="Why they could not agree (if so)" rows={2} maxLength={500} />
      <TextField name="on" label="On" type="date" max={today} />
      <FormButtons submit="Record the agreement" onCancel={onCancel} />
    </Form>
  );
}
