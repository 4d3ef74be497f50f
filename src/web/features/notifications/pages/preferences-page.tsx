import { notificationKinds, notificationPreferences } from "../../../../shared/contract/notifications";
import { taskKindInfo, taskKinds } from "../../../../shared/contract/tasks";
import { CheckboxGroupField, Form, SubmitButton, TextField } from "../../../components/form";
import { Alert, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { notificationKindLabels, useNotificationPreferences, useSaveNotificationPreferences } from "../api/notifications";
import { preferenceAliases, preferenceMessages, preferencesRequest, preferenceValues } from "../lib/preferences-form";

const kindOptions = notificationKinds.map((kind) => ({ value: kind, label: notificationKindLabels[kind] }));
const taskKindOptions = taskKinds.map((kind) => ({ value: kind, label: taskKindInfo[kind].label }));

/** The signed-in user's choice of what also reaches them by e-mail or SMS, and when not. */
export function NotificationPreferencesPage() {
  usePageTitle("Notification preferences");
  const preferences = useNotificationPreferences();
  return (
    <>
      <h1>Notification preferences</h1>
      <p>Every notification appears here in Waypoint. Choose which ones also reach you by e-mail or text message.</p>
      {preferences.isPending ? <Loading label="Loading your preferences…" /> : null}
      <ErrorAlert error={preferences.error} />
      {preferences.data ? <PreferencesForm view={preferences.data} /> : null}
    </>
  );
}

function PreferencesForm({ view }: { view: NonNullable<ReturnType<typeof useNotificationPreferences>["data"]> }) {
  const save = useSaveNotificationPreferences();
  const form = useContractForm(notificationPreferences, {
    defaultValues: preferenceValues(view.preferences) as never,
    toRequest: preferencesRequest as never,
    messages: preferenceMessages,
    fieldAliases: preferenceAliases,
  });
  return (
    <>
      {save.isSuccess ? (
        <Alert type="success" slim>
          Preferences saved.
        </Alert>
      ) : null}
      <Form form={form} onSubmit={(request) => save.mutateAsync(request)} className="usa-form usa-form--large">
        <h2>New tasks</h2>
        <CheckboxGroupField
          name="taskKinds"
          legend="Tell me of a new task of these kinds"
          hint="Every task is on your task list and the Today list either way. Routine kinds, such as each appointment, are off unless you choose them."
          options={taskKindOptions}
        />
        <h2>E-mail</h2>
        {view.channels.email ? (
          <>
            <TextField label="E-mail address" name="email" type="email" autoComplete="email" />
            <CheckboxGroupField
              name="emailKinds"
              legend="Send these by e-mail"
              hint="The e-mail says what kind of notification is waiting, never a person's name or details: read it in Waypoint."
              options={kindOptions}
            />
          </>
        ) : (
          <p>This Waypoint server is not set up to send e-mail.</p>
        )}
        <h2>Text message (SMS)</h2>
        {view.channels.sms ? (
          <>
            <TextField label="Mobile number" name="smsPhone" type="tel" autoComplete="tel" />
            <CheckboxGroupField name="smsKinds" legend="Send these by text message" options={kindOptions} />
          </>
        ) : (
          <p>This Waypoint server is not set up to send text messages.</p>
        )}
        <h2>Quiet hours</h2>
        <p className="usa-hint">
          During quiet hours, e-mail and text messages wait until they end; urgent ones (an overdue field visit) still go at once. Times are
          in your agency's time zone. Leave both empty for none.
        </p>
        <TextField label="Quiet from" name="quietStart" type="time" className="width-card" />
        <TextField label="Quiet until" name="quietEnd" type="time" className="width-card" />
        <SubmitButton className="margin-top-3">Save preferences</SubmitButton>
      </Form>
    </>
  );
}
