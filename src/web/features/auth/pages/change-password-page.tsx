import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { Alert, Button, ErrorAlert, TextInput } from "../../../components/ui";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { usePageTitle } from "../../../lib/page-title";
import { useChangePassword } from "../api/steps";
import { SignInStep } from "../components/sign-in-step";
import { pathForNext } from "../next-step";

export function ChangePasswordPage() {
  usePageTitle("Choose a new password");
  return <SignInStep step="change-password">{() => <ChangePasswordForm />}</SignInStep>;
}

function ChangePasswordForm() {
  const navigate = useNavigate();
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {
      currentPassword: currentPassword ? undefined : "Enter your current password",
      newPassword: newPassword.length >= 12 ? undefined : "Use at least 12 characters",
      confirmation: confirmation === newPassword ? undefined : "The passwords do not match",
    };
    setErrors(found);
    if (hasErrors(found)) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: (session) => navigate(pathForNext(session.next), { replace: true }),
        onError: (error) => setErrors(fieldErrorsFrom(error)),
      },
    );
  };

  return (
    <>
      <h1>Choose a new password</h1>
      <Alert type="info" slim>
        Your password must be changed before you continue.
      </Alert>
      <ErrorAlert error={change.error} />
      <form className="usa-form" onSubmit={submit} noValidate>
        <TextInput
          label="Current password"
          hint="The temporary password you were given"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          error={errors.currentPassword}
        />
        <TextInput
          label="New password"
          hint="At least 12 characters. A long passphrase is best. Do not use your username, the word Waypoint or a common password."
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          error={errors.newPassword}
        />
        <TextInput
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          error={errors.confirmation}
        />
        <Button type="submit" pending={change.isPending}>
          Change password
        </Button>
      </form>
    </>
  );
}
