import { useState } from "react";
import { alertKinds, newSuspensionBody } from "../../../../../shared/contract/monitoring-alerts";
import { CheckboxGroupField, Form, FormButtons, RadioGroupField, SelectField, TextAreaField, TextField } from "../../../../components/form";
import { Dialog } from "../../../../components/ui";
import { useContractForm } from "../../../../lib/contract-form";
import { useSuspendAlerts } from "../api/alerts";
import { alertKindLabels, weekdayNames } from "../lib/alert-text";

type Values = {
  scope: "all" | "some";
  alertKinds: string[];
  reason: string;
  scheduleKind: "one_off" | "weekly";
  minutes: string;
  weekdays: string[];
  start: string;
  end: string;
  until: string;
};

const minuteOptions = [15, 30, 45, 60, 90, 120].map((minutes) => ({
  value: String(minutes),
  label: minutes < 60 ? `${minutes} minutes` : minutes === 60 ? "1 hour" : `${minutes / 60} hours`,
}));

/**
 * Suspends all or some alert kinds of a case, with a reason: for a while from now (15 minutes to 2 hours) or on a
 * weekly window. Alerts raised meanwhile are kept, already resolved as "raised during a suspension".
 */
export function SuspensionDialog({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const suspend = useSuspendAlerts(caseId);
  const [done, setDone] = useState(false);
  const form = useContractForm(newSuspensionBody, {
    defaultValues: {
      scope: "all",
      alertKinds: [],
      reason: "",
      scheduleKind: "one_off",
      minutes: "30",
      weekdays: [],
      start: "",
      end: "",
      until: "",
    } satisfies Values as never,
    toRequest: ((values: Values) => ({
      alertKinds: values.scope === "all" ? null : values.alertKinds,
      reason: values.reason,
      schedule:
        values.scheduleKind === "one_off"
          ? { kind: "one_off", minutes: Number(values.minutes) }
          : { kind: "weekly", weekdays: values.weekdays.map(Number), start: values.start, end: values.end, until: values.until || null },
    })) as never,
    fieldAliases: {
      "schedule.minutes": "minutes",
      "schedule.weekdays": "weekdays",
      "schedule.start": "start",
      "schedule.end": "end",
      "schedule.until": "until",
      "schedule.startsAt": "minutes",
    },
    messages: {
      alertKinds: "Choose the kinds to suspend, or all kinds",
      reason: "Say why alerts are suspended",
      weekdays: "Choose at least one day",
      start: "Enter the time the window starts, such as 21:30",
      end: "Enter the time the window ends, such as 06:00",
    },
  });
  const scope = form.watch("scope" as never) as unknown as Values["scope"];
  const scheduleKind = form.watch("scheduleKind" as never) as unknown as Values["scheduleKind"];
  if (done) return null;
  return (
    <Dialog title="Suspend alerts" onClose={onClose}>
      <p className="margin-top-0">
        While suspended, alerts of the chosen kinds are still recorded, already resolved, so you can see later what happened; nobody is told
        and no task is made.
      </p>
      <Form
        form={form}
        aria-label="Suspend alerts"
        summaryHeadingLevel="h3"
        className="usa-form maxw-full"
        onSubmit={async (input) => {
          await suspend.mutateAsync(input);
          setDone(true);
          onClose();
        }}
      >
        <RadioGroupField
          name="scope"
          legend="Which alerts"
          options={[
            { value: "all", label: "All kinds" },
            { value: "some", label: "Some kinds" },
          ]}
        />
        {scope === "some" ? (
          <CheckboxGroupField
            name="alertKinds"
            legend="Kinds to suspend"
            options={alertKinds.map((value) => ({ value, label: alertKindLabels[value] }))}
          />
        ) : null}
        <TextAreaField
          name="reason"
          label="Reason"
          hint="For example: the device is being refitted at the office."
          rows={2}
          maxLength={500}
        />
        <RadioGroupField
          name="scheduleKind"
          legend="When"
          options={[
            { value: "one_off", label: "From now, for a while" },
            { value: "weekly", label: "Every week, at set times" },
          ]}
        />
        {scheduleKind === "weekly" ? (
          <>
            <CheckboxGroupField
              name="weekdays"
              legend="Days"
              hint="A window ending before it starts runs overnight into the next day."
              options={weekdayNames.map((label, index) => ({ value: String(index + 1), label }))}
            />
            <TextField name="start" label="From (agency time)" type="time" />
            <TextField name="end" label="Until (agency time)" type="time" />
            <TextField name="until" label="Last day (optional)" type="date" hint="Leave blank to keep it until it is lifted." />
          </>
        ) : (
          <SelectField name="minutes" label="For how long" options={minuteOptions} />
        )}
        <FormButtons submit={suspend.isPending ? "Suspending…" : "Suspend alerts"} onCancel={onClose} />
      </Form>
    </Dialog>
  );
}
