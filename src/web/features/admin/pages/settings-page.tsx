import { type FormEvent, useState } from "react";
import type { AgencySettings } from "../../../../shared/contract/admin";
import { Alert, Button, ErrorAlert, Loading, TextInput } from "../../../components/ui";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { usePageTitle } from "../../../lib/page-title";
import { useAgencySettings, useUpdateAgencySettings } from "../api/settings";

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
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lockoutReleaseMinutes = parseOptionalWhole(lockout, 1, 10_080);
    const passwordMaxAgeDays = parseOptionalWhole(maxAge, 1, 3_650);
    const found: FieldErrors = { lockoutReleaseMinutes: lockoutReleaseMinutes.error, passwordMaxAgeDays: passwordMaxAgeDays.error };
    setErrors(found);
    if (hasErrors(found)) return;
    update.mutate(
      { lockoutReleaseMinutes: lockoutReleaseMinutes.value, passwordMaxAgeDays: passwordMaxAgeDays.value },
      { onError: (error) => setErrors(fieldErrorsFrom(error)) },
    );
  };

  return (
    <>
      <p>
        Security settings of <strong>{settings.name}</strong>.
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
        <Button type="submit" pending={update.isPending}>
          Save settings
        </Button>
      </form>
    </>
  );
}
