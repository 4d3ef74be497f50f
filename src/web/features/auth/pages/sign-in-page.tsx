import { type FormEvent, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { Alert, Button, Checkbox, ErrorAlert, TextInput } from "../../../components/ui";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { usePageTitle } from "../../../lib/page-title";
import { useSignIn } from "../api/sign-in";
import { AuthLayout } from "../components/auth-layout";
import { SystemUseNotice } from "../components/system-use-notice";
import { isSignInNotice, pathForNext } from "../next-step";

export function SignInPage() {
  usePageTitle("Sign in");
  const location = useLocation();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [acknowledged, setAcknowledged] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const notice = isSignInNotice(location.state) ? location.state : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {
      username: username.trim() ? undefined : "Enter your username",
      password: password ? undefined : "Enter your password",
      acknowledgedUseNotice: acknowledged ? undefined : "Acknowledge the system use notice to sign in",
    };
    setErrors(found);
    if (hasErrors(found)) return;
    signIn.mutate(
      { username, password, acknowledgedUseNotice: true },
      {
        onSuccess: (session) => navigate(pathForNext(session.next), { replace: true }),
        onError: (error) => setErrors(fieldErrorsFrom(error)),
      },
    );
  };

  return (
    <AuthLayout>
      <h1>Sign in to Waypoint</h1>
      {notice && !signIn.isError ? (
        <Alert type={notice.tone === "info" ? "info" : "warning"} slim>
          {notice.notice}
        </Alert>
      ) : null}
      <SystemUseNotice />
      <ErrorAlert error={signIn.error} />
      <form className="usa-form" onSubmit={submit} noValidate>
        <TextInput
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          error={errors.username}
        />
        <TextInput
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
        />
        <div className="margin-top-3">
          <Checkbox
            label="I have read the system use notice and consent to monitoring"
            name="acknowledgedUseNotice"
            checked={acknowledged}
            onChange={(event) => setAcknowledged(event.target.checked)}
            error={errors.acknowledgedUseNotice}
          />
        </div>
        <Button type="submit" pending={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </AuthLayout>
  );
}
