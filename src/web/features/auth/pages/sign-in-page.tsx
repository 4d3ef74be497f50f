import { useLocation, useNavigate } from "react-router";
import { signInRequest } from "../../../../shared/contract/auth";
import { CheckboxField, Form, SubmitButton, TextField } from "../../../components/form";
import { Alert } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { type SignInInput, useSignIn } from "../api/sign-in";
import { AuthLayout } from "../components/auth-layout";
import { SystemUseNotice } from "../components/system-use-notice";
import { isSignInNotice, pathForNext } from "../next-step";

export function SignInPage() {
  usePageTitle("Sign in");
  const location = useLocation();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const notice = isSignInNotice(location.state) ? location.state : null;
  const form = useContractForm(signInRequest, {
    // The checkbox starts unticked: the schema accepts only `true`, so leaving it fails with the message below.
    defaultValues: { username: "", password: "", acknowledgedUseNotice: false } as never,
    messages: {
      username: "Enter your username",
      password: "Enter your password",
      acknowledgedUseNotice: "Acknowledge the system use notice to sign in",
    },
  });

  const send = async (request: SignInInput) => {
    const session = await signIn.mutateAsync(request);
    await navigate(pathForNext(session.next), { replace: true });
  };

  return (
    <AuthLayout>
      <h1>Sign in to Waypoint</h1>
      {/* Why the user is here (signed out, session ended) until they try again; then the error summary speaks. */}
      {notice && form.failedSubmits === 0 && !signIn.isError ? (
        <Alert type={notice.tone === "info" ? "info" : "warning"} slim>
          {notice.notice}
        </Alert>
      ) : null}
      <SystemUseNotice />
      <Form form={form} onSubmit={send}>
        <TextField label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" />
        <div className="margin-top-3">
          <CheckboxField name="acknowledgedUseNotice" label="I have read the system use notice and consent to monitoring" />
        </div>
        <SubmitButton>{form.formState.isSubmitting ? "Signing in…" : "Sign in"}</SubmitButton>
      </Form>
    </AuthLayout>
  );
}
