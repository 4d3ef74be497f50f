import { type FormEvent, useState } from "react";
import type { AgencySettings } from "../../../../shared/contract/admin";
import { Alert, Button, Checkbox, ErrorAlert, Loading, Select, TextInput } from "../../../components/ui";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { usePageTitle } from "../../../lib/page-title";
import { useAgencySettings, useUpdateAgencySettings } from "../api/settings";
import { useUsers } from "../api/users";

export function SettingsPage() {
  usePageTitle("Agency settings");
  const settings = useAgencySettings();
  return (
    <>
      <h1>Agency settings</h1>
      {settings.isPending ? <Loading /> : null}
      <ErrorAlert error={settings.error} />
      {settings.data ? <SettingsForm settings={settings.data} /> : null}
    </>
  );
}

const toText = (value: number | null) => (value === null ? "" : String(value));

function parseOptionalWhole(text: string, min: number, max: number): { value: number | null; error?: string } {
  if (!text.trim()) return { value: null };
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    return { value: null, error: `Enter a whole number from ${min} to ${max}, or leave empty` };
  return { value };
}

function SettingsForm({ settings }: { settings: AgencySettings }) {
  const update = useUpdateAgencySettings();
  const [lockout, setLockout] = useState(toText(settings.lockoutReleaseMinutes));
  const [maxAge, setMaxAge] = useState(toText(settings.passwordMaxAgeDays));
  const [escalation, setEscalation] = useState(String(settings.fieldEscalationMinutes));
  const [dutyContact, setDutyContact] = useState(settings.dutyContactUserId ?? "");
  const [missedCountsAsPositive, setMissedCountsAsPositive] = useState(settings.missedTestCountsAsPositive);
  const [errors, setErrors] = useState<FieldErrors>({});
  const users = useUsers(null);
  // Active staff can be the duty contact; a disabled current one stays listed so the form shows what is stored.
  const contactOptions = [
    { value: "", label: "Nobody else (the unit's supervisors only)" },
    ...(users.data ?? [])
      .filter((user) => user.status !== "disabled" || user.id === settings.dutyContactUserId)
      .map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` })),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lockoutReleaseMinutes = parseOptionalWhole(lockout, 1, 10_080);
    const passwordMaxAgeDays = parseOptionalWhole(maxAge, 1, 3_650);
    const fieldEscalationMinutes = escalation.trim()
      ? parseOptionalWhole(escalation, 1, 240)
      : { value: null, error: "Enter a whole number from 1 to 240" };
    const found: FieldErrors = {
      lockoutReleaseMinutes: lockoutReleaseMinutes.error,
      passwordMaxAgeDays: passwordMaxAgeDays.error,
      fieldEscalationMinutes: fieldEscalationMinutes.error,
    };
    setErrors(found);
    if (hasErrors(found) || fieldEscalationMinutes.value === null) return;
    update.mutate(
      {
        lockoutReleaseMinutes: lockoutReleaseMinutes.value,
        passwordMaxAgeDays: passwordMaxAgeDays.value,
        fieldEscalationMinutes: fieldEscalationMinutes.value,
        dutyContactUserId: dutyContact || null,
        missedTestCountsAsPositive: missedCountsAsPositive,
      },
      { onError: (error) => setErrors(fieldErrorsFrom(error)) },
    );
  };

  return (
    <>
      <p>
        Security and operating settings of <strong>{settings.name}</strong>.
      </p>
      <ErrorAlert error={update.error} />
      {update.isSuccess ? (
        <Alert type="success" slim>
          Settings saved.
        </Alert>
      ) : null}
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <TextInput
          label="Release a lockout automatically after (minutes)"
          hint="Leave empty so that only an administrator can release a locked account."
          inputMode="numeric"
          value={lockout}
          onChange={(event) => setLockout(event.target.value)}
          error={errors.lockoutReleaseMinutes}
        />
        <TextInput
          label="Passwords expire after (days)"
          hint="Leave empty so that passwords do not expire."
          inputMode="numeric"
          value={maxAge}
          onChange={(event) => setMaxAge(event.target.value)}
          error={errors.passwordMaxAgeDays}
        />
        <h2>Field safety</h2>
        <TextInput
          label="Escalate an overdue field visit every (minutes)"
          hint="From 1 to 240. The first alert goes out when the visit is overdue, the next ones at this interval until someone acknowledges."
          inputMode="numeric"
          value={escalation}
          onChange={(event) => setEscalation(event.target.value)}
          error={errors.fieldEscalationMinutes}
        />
        <Select
          label="Duty contact"
          hint="Also alerted at the first escalation, for example the duty supervisor or dispatch."
          options={contactOptions}
          value={dutyContact}
          onChange={(event) => setDutyContact(event.target.value)}
          error={errors.dutyContactUserId}
        />
        <h2>Drug testing</h2>
        <Checkbox
          label="A missed, refused or dilute test counts as a positive one"
          checked={missedCountsAsPositive}
          onChange={(event) => setMissedCountsAsPositive(event.target.checked)}
          error={errors.missedTestCountsAsPositive}
        />
        <Button type="submit" pending={update.isPending}>
          Save settings
        </Button>
      </form>
    </>
  );
}
