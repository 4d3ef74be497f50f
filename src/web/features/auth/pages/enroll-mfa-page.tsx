import { useNavigate } from "react-router";
import { ReadOnlyField } from "../../../components/form/read-only-field";
import { ErrorAlert, Loading } from "../../../components/ui";
import { usePageTitle } from "../../../lib/page-title";
import { useConfirmMfaEnrollment, useMfaEnrollment } from "../api/steps";
import { CodeForm } from "../components/code-form";
import { SignInStep } from "../components/sign-in-step";
import { pathForNext } from "../next-step";

export function EnrollMfaPage() {
  usePageTitle("Set up your authenticator app");
  return <SignInStep step="enroll-mfa">{() => <Enrollment />}</SignInStep>;
}

function Enrollment() {
  const navigate = useNavigate();
  const enrollment = useMfaEnrollment();
  const confirm = useConfirmMfaEnrollment();
  return (
    <>
      <h1>Set up your authenticator app</h1>
      <p>Waypoint needs a code from an authenticator app every time you sign in.</p>
      <ol className="usa-list">
        <li>Install an authenticator app on your phone, such as Google Authenticator or Microsoft Authenticator.</li>
        <li>In the app, scan the QR code below, or enter the setup key by hand.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      {enrollment.isPending ? <Loading label="Preparing your setup key…" /> : null}
      <ErrorAlert error={enrollment.error} />
      {enrollment.data ? (
        <>
          <img
            className="display-block margin-y-2 bg-white"
            width={200}
            height={200}
            src={`data:image/svg+xml;utf8,${encodeURIComponent(enrollment.data.qrCodeSvg)}`}
            alt="QR code for your authenticator app"
          />
          <ReadOnlyField
            label="Setup key"
            hint="If you cannot scan the QR code, type this key into your app (time-based)."
            spellCheck={false}
            value={enrollment.data.secret}
            className="font-mono-sm"
          />
          <h2 className="margin-top-4">Confirm with a code</h2>
          <CodeForm
            submitLabel="Confirm and continue"
            summaryHeadingLevel="h3"
            onSubmit={async (code) => navigate(pathForNext((await confirm.mutateAsync(code)).next), { replace: true })}
          />
        </>
      ) : null}
    </>
  );
}
