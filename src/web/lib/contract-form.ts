import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useId, useMemo, useState } from "react";
import {
  type DefaultValues,
  type FieldErrors,
  type FieldPath,
  type FieldValues,
  get,
  type Resolver,
  set,
  type UseFormReturn,
  useForm,
} from "react-hook-form";
import { z } from "zod";
import { isApiError } from "./api-client";
import { formatDate } from "./format";

/**
 * Forms driven by the contract's request schemas (react-hook-form + the zod resolver), so each rule lives once:
 * the server validates the body with the same schema the form checks before sending it.
 *
 * Form values have the request's shape (field names are its paths, e.g. `person.firstName`); inputs hold strings,
 * so a blank field becomes what the schema accepts for "nothing" (null, else absent) before validation, and a
 * blank required field fails the schema's own rule. Messages: the form's `messages[path]` if it words the field,
 * else the schema's own message (as a sentence), else a plain default for the kind of problem.
 */

/** What a form holds for a request type: every leaf may also be blank (""), the value of an empty input. */
export type FormShape<T> = T extends readonly (infer U)[]
  ? FormShape<U>[]
  : T extends Date
    ? T
    : T extends object
      ? { [K in keyof T]: FormShape<T[K]> }
      : T | "";

/** The values of a form on schema S. */
export type FormValuesOf<S extends z.ZodType> = FormShape<z.input<S>> & FieldValues;

export type FormIssue = { field: string; message: string };

type Unwrappable = { _zod: { def: Record<string, unknown> } };

/** The sub-schema at a path of the request (through optional, nullable, default, pipes, objects and arrays). */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let index = 0; current && index <= path.length; ) {
    const def: Record<string, unknown> = (current as unknown as Unwrappable)._zod.def;
    if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "prefault") {
      current = def.innerType as z.ZodType;
      continue;
    }
    if (def.type === "pipe") {
      current = def.in as z.ZodType;
      continue;
    }
    if (index === path.length) break;
    const key = path[index++];
    if (def.type === "object") current = (def.shape as Record<string, z.ZodType>)[String(key)];
    else if (def.type === "array") current = def.element as z.ZodType;
    else current = undefined;
  }
  return current;
}

const isBlank = (value: unknown) => value === "" || (typeof value === "number" && Number.isNaN(value));

/** Blank inputs become null where the schema allows null, else absent where allowed; otherwise stay blank. */
export function blanksToNothing(schema: z.ZodType, value: unknown, path: PropertyKey[] = []): unknown {
  if (Array.isArray(value)) return value.map((item, index) => blanksToNothing(schema, item, [...path, index]));
  if (value && typeof value === "object" && !(value instanceof Date) && !(value instanceof File)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = blanksToNothing(schema, item, [...path, key]);
      if (converted !== undefined) result[key] = converted;
    }
    return result;
  }
  if (!isBlank(value)) return value;
  const field = path.length ? schemaAt(schema, path) : undefined;
  // The field's own schema, wrapped as the parent sees it: is null or absence accepted?
  const wrapped = fieldSchemaAsDeclared(schema, path);
  if (wrapped?.safeParse(null).success) return null;
  if (wrapped?.safeParse(undefined).success) return undefined;
  return field ? "" : value;
}

/** The declared schema of a property (with its optional/nullable wrappers), unlike schemaAt which unwraps. */
function fieldSchemaAsDeclared(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  if (path.length === 0) return undefined;
  const parent = schemaAt(schema, path.slice(0, -1));
  if (!parent) return undefined;
  const def = (parent as unknown as Unwrappable)._zod.def;
  const key = path[path.length - 1];
  if (def.type === "object") return (def.shape as Record<string, z.ZodType>)[String(key)];
  if (def.type === "array") return def.element as z.ZodType;
  return undefined;
}

const capitalise = (text: string) => (text ? text[0]?.toUpperCase() + text.slice(1) : text);

/** A server's field issue as a sentence people read: "before 2026-03-01" → "Before Mar 1, 2026" (never an ISO date). */
export const serverIssueText = (message: string): string =>
  capitalise(message.replace(/\b(\d{4}-\d{2}-\d{2})(?![\dT:])/g, (date) => formatDate(date)));

/** A plain message for a problem the schema did not word itself. */
function defaultMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string" && issue.minimum === 1) return "Enter a value";
      if (issue.origin === "array") return `Choose at least ${issue.minimum}`;
      if (issue.origin === "string") return `Enter at least ${issue.minimum} characters`;
      return `Enter ${issue.inclusive === false ? "more than" : "at least"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `Use at most ${issue.maximum} characters`;
      if (issue.origin === "array") return `Choose at most ${issue.maximum}`;
      return `Enter ${issue.inclusive === false ? "less than" : "at most"} ${issue.maximum}`;
    case "invalid_format":
      if (issue.format === "date") return "Enter a date";
      if (issue.format === "datetime") return "Enter a date and time";
      if (issue.format === "email") return "Enter an email address";
      if (issue.format === "uuid") return "Choose an option";
      return "Enter a valid value";
    case "invalid_value":
      return "Choose an option";
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return "Enter a value";
      return issue.expected === "number" || issue.expected === "int" ? "Enter a number" : "Enter a valid value";
    default:
      return "Enter a valid value";
  }
}

/** The resolver of a contract schema: blanks converted, messages from the schema, the form or the defaults. */
export function contractResolver<S extends z.ZodType>(
  schema: S,
  messages: Record<string, string> = {},
  shape: { toRequest?: (values: never) => unknown; aliases?: Record<string, string> } = {},
): Resolver<FieldValues, unknown, z.output<S>> {
  const toRequest = (shape.toRequest ?? ((values: unknown) => values)) as (values: unknown) => unknown;
  const prepared = z.preprocess((values) => blanksToNothing(schema, toRequest(values)), schema);
  const resolve = zodResolver(prepared as never, {
    error: (issue: z.core.$ZodRawIssue) => defaultMessage(issue),
  }) as unknown as Resolver<FieldValues, unknown, z.output<S>>;
  return async (values, context, options) => {
    const result = await resolve(values, context, options);
    if (Object.keys(result.errors).length === 0) return result;
    // Request paths the form names differently (a form field built into the request by toRequest), and the form's
    // wording for its fields over the contract's terse messages for API clients.
    const errors: FieldErrors = {};
    for (const path of errorPaths(result.errors)) {
      const field = shape.aliases?.[path] ?? path;
      const error = get(result.errors, path) as { message?: string };
      set(errors, field, { ...error, message: messages[field] ?? capitalise(error.message ?? "") });
    }
    return { values: {}, errors };
  };
}

/** The paths of the errors in a nested errors object. */
function errorPaths(errors: unknown, prefix = ""): string[] {
  if (!errors || typeof errors !== "object") return [];
  if (typeof (errors as { message?: unknown }).message === "string") return [prefix];
  return Object.entries(errors).flatMap(([key, value]) => (key === "ref" ? [] : errorPaths(value, prefix ? `${prefix}.${key}` : key)));
}

/** Every leaf path of the default values: the fields the form has (server issues are matched against them). */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, prefix ? `${prefix}.${key}` : key));
  }
  return prefix ? [prefix] : [];
}

/** The form field a server issue names: `body.case.caseNumber`, `case.caseNumber` or `caseNumber` → `case.caseNumber`. */
export function fieldForIssue(issueField: string, fields: readonly string[], aliases: Record<string, string> = {}): string | undefined {
  const path = issueField.replace(/^(body|params|querystring)\.?/, "");
  if (aliases[path]) return aliases[path];
  if (fields.includes(path)) return path;
  const last = path.split(".").pop() ?? path;
  if (aliases[last]) return aliases[last];
  return fields.find((field) => field === last || field.endsWith(`.${last}`));
}

/** The id of a field's control, so the error summary can link to it. */
export const fieldId = (formId: string, name: string) => `${formId}-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

export type ContractFormOptions<S extends z.ZodType> = {
  /** Initial values of every field (blank fields as ""): their paths are the form's fields. */
  defaultValues: DefaultValues<FormValuesOf<S>>;
  /** The form's message per field path for any problem of the field, e.g. `{ "person.firstName": "Enter the first name" }`. */
  messages?: Record<string, string>;
  /** When the form's fields are not the request's: builds the request from the values (before validation). */
  toRequest?: (values: FormValuesOf<S>) => unknown;
  /** Request paths (from the schema or the server) that a form field of another name shows, e.g. `{ "case.offenses.0.description": "offense.description" }`. */
  fieldAliases?: Record<string, string>;
  /** Rules the schema cannot know (who is signed in, other records): issues on form fields, checked before sending. */
  check?: (request: z.output<S>) => FormIssue[];
  /** After an edit conflict (409 `edit_conflict`): load the current record again. Default: reload the page. */
  onReload?: () => void;
};

export type ContractForm<S extends z.ZodType> = UseFormReturn<FormValuesOf<S>, unknown, z.output<S>> & {
  /** Prefix of the fields' ids (links of the error summary). */
  formId: string;
  /** The form's field paths in the order of the default values (the error summary lists errors in this order). */
  fields: readonly string[];
  /** Problems not tied to a field (the server's message, a conflict): shown in the error summary. */
  formIssues: string[];
  /** The last failure was an edit conflict: the summary offers to reload. */
  conflict: boolean;
  onReload: () => void;
  /** Increases with each failed submit, so the error summary takes focus again. */
  failedSubmits: number;
  /** The submit handler for `<form onSubmit>`: validates with the schema, then sends; server errors land on fields. */
  submitWith: (send: (request: z.output<S>) => Promise<unknown>) => (event?: React.BaseSyntheticEvent) => Promise<void>;
};

/** react-hook-form on a contract schema, with server-error mapping and the error summary's state. */
export function useContractForm<S extends z.ZodType>(schema: S, options: ContractFormOptions<S>): ContractForm<S> {
  const formId = useId().replace(/[^A-Za-z0-9_-]/g, "");
  const { fieldAliases: serverFieldAliases, onReload, check } = options;
  // The first render's messages and defaults define the form (callers pass literals on every render).
  const [messages] = useState(() => options.messages ?? {});
  const [shape] = useState(() => ({
    toRequest: options.toRequest as ((values: never) => unknown) | undefined,
    aliases: options.fieldAliases,
  }));
  const resolver = useMemo(() => contractResolver(schema, messages, shape), [schema, messages, shape]);
  const form = useForm<FormValuesOf<S>, unknown, z.output<S>>({
    defaultValues: options.defaultValues,
    resolver: resolver as unknown as Resolver<FormValuesOf<S>, unknown, z.output<S>>,
    // USWDS: a failed submit focuses the error summary, which links to each field.
    shouldFocusError: false,
    // Errors change only on submit (GOV.UK/USWDS): revalidating on blur removed the summary as the pointer went down
    // on Submit, moving the button from under it, so the click was lost.
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const [formIssues, setFormIssues] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const [failedSubmits, setFailedSubmits] = useState(0);
  const [fields] = useState(() => leafPaths(options.defaultValues));

  const applyServerError = useCallback(
    (error: unknown) => {
      const issues: string[] = [];
      if (isApiError(error)) {
        const unplaced = error.issues.filter((issue) => {
          const field = fieldForIssue(issue.field, fields, serverFieldAliases);
          if (field) form.setError(field as FieldPath<FormValuesOf<S>>, { type: "server", message: serverIssueText(issue.message) });
          return !field;
        });
        // A validation failure's message lists raw paths: when its issues sit on their fields, they say it better.
        // A message already shown on its field is not repeated.
        const onAField = error.issues.some((issue) => !unplaced.includes(issue) && capitalise(issue.message) === capitalise(error.message));
        if ((error.code !== "validation_failed" || unplaced.length === error.issues.length) && !onAField) issues.push(error.message);
        else issues.push(...unplaced.map((issue) => `${capitalise(issue.message)} (${issue.field})`));
        setConflict(error.code === "edit_conflict");
      } else {
        issues.push(error instanceof Error && error.message ? error.message : "Something went wrong. Try again.");
        setConflict(false);
      }
      setFormIssues(issues);
      setFailedSubmits((count) => count + 1);
    },
    [fields, form, serverFieldAliases],
  );

  const submitWith = useCallback(
    (send: (request: z.output<S>) => Promise<unknown>) =>
      form.handleSubmit(
        async (request) => {
          setFormIssues([]);
          setConflict(false);
          const found = check?.(request) ?? [];
          if (found.length > 0) {
            for (const issue of found) form.setError(issue.field as FieldPath<FormValuesOf<S>>, { type: "check", message: issue.message });
            setFailedSubmits((count) => count + 1);
            return;
          }
          try {
            await send(request);
          } catch (error) {
            applyServerError(error);
          }
        },
        () => {
          setFormIssues([]);
          setConflict(false);
          setFailedSubmits((count) => count + 1);
        },
      ),
    [applyServerError, check, form],
  );

  return {
    ...form,
    formId,
    fields,
    formIssues,
    conflict,
    failedSubmits,
    onReload: onReload ?? (() => window.location.reload()),
    submitWith,
  };
}
