import { isApiError } from "./api-client";

export type FieldErrors = Record<string, string | undefined>;

/** The server's field issues of a failed request, keyed by the last segment of the field path. */
export function fieldErrorsFrom(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.field.split(".").pop() ?? issue.field;
    errors[field] ??= capitalise(issue.message);
  }
  return errors;
}

const capitalise = (text: string) => (text ? text[0]?.toUpperCase() + text.slice(1) : text);

export const hasErrors = (errors: FieldErrors) => Object.values(errors).some(Boolean);
