import { useNavigate } from "react-router";
import { usePageTitle } from "../../../lib/page-title";
import { useVerifyMfa } from "../api/steps";
import { CodeForm } from "../components/code-form";
import { SignInStep } from "../components/sign-in-step";
import { pathForNext } from "../next-step";

export function VerifyMfaPage() {
  usePageTitle("Enter your authenticator code");
  return <SignInStep step="verify-mfa">{() => <VerifyForm />}</SignInStep>;
}

function VerifyForm() {
  const navigate = useNavigate();
  const verify = useVerifyMfa();
  return (
    <>
      <h1>Enter your authenticator code</h1>
      <p>Open the authenticator app on your phone and enter the current code for Waypoint.</p>
      <CodeForm
        submitLabel="Verify"
        onSubmit={async (code) => navigate(pathForNext((await verify.mutateAsync(code)).next), { replace: true })}
      />
    </>
  );
}
