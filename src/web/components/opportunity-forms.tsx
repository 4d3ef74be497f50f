// The decisions every "opportunity" (level review, early discharge) takes the same way: snooze until a day with a
// reason, or deny with a reason. The caller says how to send it and what to say once it is done.
import { maxSnoozeDays, opportunityDenyBody, opportunitySnoozeBody } from "../../shared/contract/opportunities";
import { addDays } from "../../shared/time/calendar-date";
import { useContractForm } from "../lib/contract-form";
import { formatDate } from "../lib/format";
import { useAgencyToday } from "../lib/session";
import { Form, FormButtons, TextAreaField, TextField } from "./form";

type Props<I> = {
  opportunityKey: string;
  decide: (input: I) => Promise<unknown>;
  /** Called with what was done, in words (the caller shows it). */
  onDone: (message: string) => void;
  onCancel: () => void;
  /** Who or what it is about, for the message (the person's name). */
  subject: string;
  label: string;
};

export function OpportunitySnoozeForm({
  opportunityKey,
  decide,
  onDone,
  onCancel,
  subject,
  label,
}: Props<{ opportunityKey: string; reason: string; until: string }>) {
  const today = useAgencyToday();
  const form = useContractForm(opportunitySnoozeBody, {
    defaultValues: { opportunityKey, reason: "", until: addDays(today, 30) },
    messages: { reason: "Give a reason for snoozing", until: "Enter the day it is shown again" },
    check: (request) =>
      request.until <= today || request.until > addDays(today, maxSnoozeDays)
        ? [{ field: "until", message: `Choose a day after today, at most ${maxSnoozeDays} days ahead` }]
        : [],
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await decide(input);
        onDone(`Snoozed until ${formatDate(input.until)}: ${subject}.`);
      }}
      className="usa-form maxw-full"
      aria-label={label}
      summaryHeadingLevel="h3"
    >
      <TextField name="until" label="Show it again on" type="date" min={addDays(today, 1)} max={addDays(today, maxSnoozeDays)} />
      <TextAreaField
        name="reason"
        label="Reason"
        hint="For example: waiting for the treatment provider's report"
        rows={3}
        maxLength={500}
      />
      <FormButtons submit="Snooze" onCancel={onCancel} />
    </Form>
  );
}

export function OpportunityDenyForm({
  opportunityKey,
  decide,
  onDone,
  onCancel,
  subject,
  label,
  explanation,
}: Props<{ opportunityKey: string; reason: string }> & { explanation: string }) {
  const form = useContractForm(opportunityDenyBody, {
    defaultValues: { opportunityKey, reason: "" },
    messages: { reason: "Give a reason for denying" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await decide(input);
        onDone(`Denied: ${subject}. It is not listed again until the facts change.`);
      }}
      className="usa-form maxw-full"
      aria-label={label}
      summaryHeadingLevel="h3"
    >
      <p>{explanation}</p>
      <TextAreaField name="reason" label="Reason" rows={3} maxLength={500} />
      <FormButtons submit="Deny" onCancel={onCancel} />
    </Form>
  );
}
