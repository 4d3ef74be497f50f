import { createContext, type FormHTMLAttributes, type ReactNode, useContext, useEffect, useRef } from "react";
import { type FieldError, type FieldValues, get, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import type { ContractForm } from "../../lib/contract-form";
import { fieldId } from "../../lib/contract-form";

// biome-ignore lint/suspicious/noExplicitAny: the fields of any contract form share one context.
type AnyContractForm = ContractForm<any>;

const FormContext = createContext<AnyContractForm | null>(null);

/** The contract form around the fields (for field components and custom controls). */
export function useFormFields(): AnyContractForm {
  const form = useContext(FormContext);
  if (!form) throw new Error("Form fields must be inside <Form>.");
  return form;
}

/** The error message of one field, if any. */
export function fieldError(form: UseFormReturn<FieldValues>, name: string): string | undefined {
  return (get(form.formState.errors, name) as FieldError | undefined)?.message;
}

type FormProps<S extends z.ZodType> = Omit<FormHTMLAttributes<HTMLFormElement>, "onSubmit" | "children"> & {
  form: ContractForm<S>;
  /** Sends the validated request; a thrown ApiError lands on the fields and in the summary. */
  onSubmit: (request: z.output<S>) => Promise<unknown>;
  /** Level of the summary's heading, to fit the page's outline. */
  summaryHeadingLevel?: "h2" | "h3" | "h4";
  children: ReactNode;
};

/** A USWDS form on a contract schema, with the error summary at its top. */
export function Form<S extends z.ZodType>({ form, onSubmit, summaryHeadingLevel, className, children, ...rest }: FormProps<S>) {
  return (
    <FormContext.Provider value={form as AnyContractForm}>
      <form className={className ?? "usa-form"} noValidate onSubmit={form.submitWith(onSubmit)} {...rest}>
        <ErrorSummary headingLevel={summaryHeadingLevel} />
        {children}
      </form>
    </FormContext.Provider>
  );
}

/** Every error of the form in field order, then the problems not tied to a field. */
function summaryEntries(form: AnyContractForm): { field?: string; message: string }[] {
  const errors = form.formState.errors;
  const entries: { field?: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const field of form.fields) {
    const message = fieldError(form as unknown as UseFormReturn<FieldValues>, field);
    if (message) {
      entries.push({ field, message });
      seen.add(field);
    }
  }
  // Errors on paths the defaults did not list (array items, a refinement on the whole body).
  const walk = (value: unknown, path: string) => {
    if (!value || typeof value !== "object") return;
    const error = value as FieldError;
    if (typeof error.message === "string" && error.message && !seen.has(path) && path !== "root") {
      entries.push(path && path !== "" ? { field: path, message: error.message } : { message: error.message });
      seen.add(path);
    }
    for (const [key, item] of Object.entries(value)) {
      if (key === "ref" || key === "message" || key === "type" || key === "types") continue;
      walk(item, path ? `${path}.${key}` : key);
    }
  };
  walk(errors, "");
  for (const message of form.formIssues) entries.push({ message });
  return entries;
}

/**
 * USWDS error summary: every problem of a failed submit, each linking to its field; it takes focus after each
 * failed submit so screen-reader and keyboard users start from the list.
 */
export function ErrorSummary({ headingLevel = "h2" }: { headingLevel?: "h2" | "h3" | "h4" | undefined }) {
  const form = useFormFields();
  const ref = useRef<HTMLDivElement>(null);
  const entries = summaryEntries(form);
  const Heading = headingLevel;

  // Once per failed submit, as soon as the summary has something to show (field errors may arrive a render later).
  const focusedFor = useRef(0);
  const showing = entries.length > 0;
  useEffect(() => {
    if (form.failedSubmits > focusedFor.current && showing && ref.current) {
      focusedFor.current = form.failedSubmits;
      ref.current.focus();
    }
  }, [form.failedSubmits, showing]);

  if (form.failedSubmits === 0 || entries.length === 0) return null;
  const goTo = (event: React.MouseEvent, field: string) => {
    const control = document.getElementById(fieldId(form.formId, field));
    if (!control) return;
    event.preventDefault();
    control.focus();
    control.scrollIntoView({ block: "center" });
  };
  return (
    <div
      className="usa-alert usa-alert--error margin-bottom-3"
      ref={ref}
      tabIndex={-1}
      data-error-summary
      role="alert"
      aria-labelledby={`${form.formId}-summary`}
    >
      <div className="usa-alert__body">
        <Heading className="usa-alert__heading" id={`${form.formId}-summary`}>
          {form.conflict ? "Someone else changed this record" : "There is a problem"}
        </Heading>
        <ul className="usa-list usa-list--unstyled">
          {entries.map((entry) => (
            <li key={`${entry.field ?? ""}:${entry.message}`}>
              {entry.field && document.getElementById(fieldId(form.formId, entry.field)) !== null ? (
                <a href={`#${fieldId(form.formId, entry.field)}`} onClick={(event) => goTo(event, entry.field as string)}>
                  {entry.message}
                </a>
              ) : (
                entry.message
              )}
            </li>
          ))}
        </ul>
        {form.conflict ? (
          <button type="button" className="usa-button usa-button--outline margin-top-1" onClick={form.onReload}>
            Reload the current version
          </button>
        ) : null}
      </div>
    </div>
  );
}
