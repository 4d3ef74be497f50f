import { ReadOnlyField } from "../../../components/form/read-only-field";
import { Alert } from "../../../components/ui";

/** A one-time temporary password, shown once for the administrator to pass on. */
export function TemporaryPassword({ username, password, heading }: { username: string; password: string; heading: string }) {
  return (
    <Alert type="success" heading={heading} role="status">
      <p>
        Give this temporary password to <strong>{username}</strong> in person or by phone. It is shown only once; they must choose a new
        password when they first sign in.
      </p>
      <ReadOnlyField label="Temporary password" value={password} spellCheck={false} className="font-mono-sm" />
    </Alert>
  );
}
