import { type AgencySettings, agencySettingsBody } from "../../../../shared/contract/admin";
import { CheckboxField, Form, SelectField, SubmitButton, TextField } from "../../../components/form";
import { Alert, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { AlertSettingsSection } from "../../monitoring/alerts/components/alert-settings-form";
import { useAgencySettings, useUpdateAgencySettings } from "../api/settings";
import { useUsers } from "../api/users";
import { requiredSettings, settingsMessages, settingsRequest, settingsValues } from "../lib/settings-form";

export function SettingsPage() {
  usePageTitle("Agency settings");
  const settings = useAgencySettings();
  return (
    <>
      <h1>Agency settings</h1>
      {settings.isPending ? <Loading /> : null}
      <ErrorAlert error={settings.error} />
      {settings.data ? <SettingsForm settings={settings.data} /> : null}
      <AlertSettingsSection />
    </>
  );
}

function SettingsForm({ settings }: { settings: AgencySettings }) {
  const update = useUpdateAgencySettings();
  const form = useContractForm(agencySettingsBody, {
    defaultValues: settingsValues(settings) as never,
    toRequest: settingsRequest as never,
    messages: settingsMessages,
    check: requiredSettings,
  });
  const users = useUsers(null);
  // Active staff can be the duty contact; a disabled current one stays listed so the form shows what is stored.
  const contactOptions = [
    { value: "", label: "Nobody else (the unit's supervisors only)" },
    ...(users.data ?? [])
      .filter((user) => user.status !== "disabled" || user.id === settings.dutyContactUserId)
      .map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` })),
  ];

  return (
    <>
      <p>
        Security and operating settings of <strong>{settings.name}</strong>.
      </p>
      {update.isSuccess ? (
        <Alert type="success" slim>
          Settings saved.
        </Alert>
      ) : null}
      <Form form={form} onSubmit={(request) => update.mutateAsync(request)} className="usa-form usa-form--large">
        <TextField
          label="Release a lockout automatically after (minutes)"
          name="lockoutReleaseMinutes"
          hint="Leave empty so that only an administrator can release a locked account."
          inputMode="numeric"
          className="width-card"
        />
        <TextField
          label="Passwords expire after (days)"
          name="passwordMaxAgeDays"
          hint="Leave empty so that passwords do not expire."
          inputMode="numeric"
          className="width-card"
        />
        <h2>Field safety</h2>
        <TextField
          label="Escalate an overdue field visit every (minutes)"
          name="fieldEscalationMinutes"
          hint="From 1 to 240. The first alert goes out when the visit is overdue, the next ones at this interval until someone acknowledges."
          inputMode="numeric"
          className="width-card"
        />
        <SelectField
          // Remounted when the users arrive, so the stored contact shows as chosen (an uncontrolled select keeps its first option).
          key={users.data ? "users" : "loading"}
          label="Duty contact"
          name="dutyContactUserId"
          hint="Also alerted at the first escalation, for example the duty supervisor or dispatch."
          options={contactOptions}
        />
        <h2>Drug testing</h2>
        <CheckboxField name="missedTestCountsAsPositive" label="A missed, refused or dilute test counts as a positive one" />
        <CheckboxField
          name="notifyUnitSupervisorOfTests"
          label="Also notify the supervisors of the case's unit about a positive, missed or refused test"
          hint="The supervising officer of the case is always notified."
        />
        <h2>Today's route</h2>
        <TextField
          label="Stops on a new day's route"
          name="routeStopLimit"
          hint="From 1 to 40. The Today page starts the route with this many stops, highest priority first; officers can add or drop stops."
          inputMode="numeric"
          className="width-card"
        />
        <h2>Electronic monitoring</h2>
        <TextField
          label="Radius of a curfew's home zone (metres)"
          name="monitoringHomeRadiusMeters"
          hint="From 10 to 2,000. Used for home zones made from curfew conditions from now on."
          inputMode="numeric"
          className="width-card"
        />
        <SubmitButton className="margin-top-3">Save settings</SubmitButton>
      </Form>
    </>
  );
}
