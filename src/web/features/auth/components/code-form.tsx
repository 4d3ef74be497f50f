import { type FormEvent, useState } from "react";
import { Button, TextInput } from "../../../components/ui";
import { fieldErrorsFrom } from "../../../lib/form-errors";

type CodeFormProps = { submitLabel: string; pending: boolean; error: unknown; onSubmit: (code: string) => void };

/** The six-digit authenticator code field. */
export function CodeForm({ submitLabel, pending, error, onSubmit }: CodeFormProps) {
  const [code, setCode] = useState("");
  const [localError, setLocalError] = useState<string | undefined>();
  const serverError = fieldErrorsFrom(error).code;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = code.replace(/\s/g, "");
    if (!/^\d{6}$/.test(trimmed)) {
      setLocalError("Enter the 6-digit code from your authenticator app");
      return;
    }
    setLocalError(undefined);
    onSubmit(trimmed);
  };

  return (
    <form className="usa-form" onSubmit={submit} noValidate>
      <TextInput
        label="Authenticator code"
        hint="The 6-digit code shown in your authenticator app"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        className="usa-input--small"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={localError ?? serverError}
      />
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
