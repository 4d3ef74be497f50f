import type { ReactNode } from "react";
import { Navigate } from "react-router";
import type { NextStep, SessionResponse } from "../../../../shared/contract/auth";
import { ErrorAlert, Loading } from "../../../components/ui";
import { isApiError } from "../../../lib/api-client";
import { useSession } from "../../../lib/session";
import { pathForNext } from "../next-step";
import { AuthLayout } from "./auth-layout";

/** Shows a sign-in step page only when the session expects that step; otherwise goes to the step it does expect. */
export function SignInStep({ step, children }: { step: NextStep; children: (session: SessionResponse) => ReactNode }) {
  const session = useSession();
  if (session.isPending) {
    return (
      <AuthLayout>
        <Loading />
      </AuthLayout>
    );
  }
  if (session.isError) {
    // A 401 is handled globally (back to sign-in with the server's message).
    if (isApiError(session.error) && session.error.status === 401) return <AuthLayout>{null}</AuthLayout>;
    return (
      <AuthLayout>
        <h1>Sign in</h1>
        <ErrorAlert error={session.error} />
      </AuthLayout>
    );
  }
  if (session.data.next !== step) return <Navigate to={pathForNext(session.data.next)} replace />;
  return <AuthLayout>{children(session.data)}</AuthLayout>;
}
