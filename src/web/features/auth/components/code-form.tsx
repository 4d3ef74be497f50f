import { mfaCodeRequest } from "../../../../shared/contract/auth";
import { Form, SubmitButton, TextField } from "../../../components/form";
import { useContractForm } from "../../../lib/contract-form";

type CodeFormProps = { submitLabel: string; onSubmit: (code: string) => Promise<unknown>; summaryHeadingLevel?: "h2" | "h3" };

/** The six-digit authenticator code field; the server's refusal (wrong or reused code) shows in the error summary. */
export function CodeForm({ submitLabel, onSubmit, summaryHeadingLevel }: CodeFormProps) {
  const form = useContractForm(mfaCodeRequest, {
    defaultValues: { code: "" },
    // Apps show the code as "123 456": the spaces are not part of it.
    toRequest: ({ code }) => ({ code: String(code).replace(/\s/g, "") }),
    messages: { code: "Enter the 6-digit code from your authenticator app" },
  });
  return (
    <Form form={form} onSubmit={({ code }) => onSubmit(code)} summaryHeadingLevel={summaryHeadingLevel}>
      <TextField
        name="code"
        label="Authenticator code"
        hint="The 6-digit code shown in your authenticator app"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        className="usa-input--small"
      />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
