import { useNavigate } from "react-router";
import { changePasswordRequest } from "../../../../shared/contract/auth";
import { Form, SubmitButton, TextField } from "../../../components/form";
import { Alert } from "../../../components/ui";
import { type FormIssue, useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { type ChangePasswordInput, useChangePassword } from "../api/steps";
import { SignInStep } from "../components/sign-in-step";
import { pathForNext } from "../next-step";

export function ChangePasswordPage() {
  usePageTitle("Choose a new password");
  return <SignInStep step="change-password">{() => <ChangePasswordForm />}</SignInStep>;
}

type Values = { currentPassword: string; newPassword: string; confirmation: string };

function ChangePasswordForm() {
  const navigate = useNavigate();
  const change = useChangePassword();
  const form = useContractForm(changePasswordRequest, {
    defaultValues: { currentPassword: "", newPassword: "", confirmation: "" } as never,
    // The confirmation is the form's own: the request carries the two passwords only.
    toRequest: (({ currentPassword, newPassword }: Values) => ({ currentPassword, newPassword })) as never,
    messages: { currentPassword: "Enter your current password", newPassword: "Enter a new password" },
    // The password policy (length, common passwords…) is the server's, answered on the field; matching is the form's.
    check: (): FormIssue[] => {
      const { newPassword, confirmation } = form.getValues() as unknown as Values;
      return confirmation === newPassword ? [] : [{ field: "confirmation", message: "The passwords do not match" }];
    },
  });

  const send = async (request: ChangePasswordInput) => {
    const session = await change.mutateAsync(request);
    await navigate(pathForNext(session.next), { replace: true });
  };

  return (
    <>
      <h1>Choose a new password</h1>
      <Alert type="info" slim>
        Your password must be changed before you continue.
      </Alert>
      <Form form={form} onSubmit={send}>
        <TextField
          name="currentPassword"
          label="Current password"
          hint="The temporary password you were given"
          type="password"
          autoComplete="current-password"
        />
        <TextField
          name="newPassword"
          label="New password"
          hint="At least 12 characters. A long passphrase is best. Do not use your username, the word Waypoint or a common password."
          type="password"
          autoComplete="new-password"
        />
        <TextField name="confirmation" label="Confirm new password" type="password" autoComplete="new-password" />
        <SubmitButton>Change password</SubmitButton>
      </Form>
    </>
  );
}
