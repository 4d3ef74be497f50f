import type { z } from "zod";
import { type ConditionKind, conditionParameters } from "../../../../shared/contract/conditions";
import { CheckboxField, CheckboxGroupField, SelectField, TextField } from "../../../components/form";
import { labelOf, labelOfOption } from "../../../lib/format";

/*
 * The parameters of a condition as form fields, read from the contract's schema of its kind, so each kind's
 * rules live once (the server checks the same schema). Field paths are `<prefix>.<parameter>`.
 */

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; entries?: Record<string, string>; format?: string };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional, nullable and pipe wrappers, and whether the parameter may be left out. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let current = schema;
  let optional = false;
  for (;;) {
    const def = defOf(current);
    if (def.type === "optional" || def.type === "nullable") {
      optional = true;
      current = def.innerType!;
    } else if (def.type === "pipe") current = def.in!;
    else return { schema: current, optional };
  }
}

type Parameter =
  | { key: string; optional: boolean; control: "text" | "date" | "time" | "number" | "boolean" }
  | { key: string; optional: boolean; control: "choice" | "choices"; options: string[] };

export function parametersOf(kind: ConditionKind): Parameter[] {
  const shape = (conditionParameters[kind] as unknown as { shape: Record<string, z.ZodType> }).shape;
  return Object.entries(shape).map(([key, field]) => {
    const { schema, optional } = unwrap(field);
    const def = defOf(schema);
    if (def.type === "enum") return { key, optional, control: "choice", options: Object.values(def.entries!) };
    if (def.type === "array") {
      const element = defOf(unwrap(def.element!).schema);
      if (element.type === "enum") return { key, optional, control: "choices", options: Object.values(element.entries!) };
      return { key, optional, control: "text" };
    }
    if (def.type === "number") return { key, optional, control: "number" };
    if (def.type === "boolean") return { key, optional, control: "boolean" };
    if (def.format === "date") return { key, optional, control: "date" };
    if (kind === "curfew" && (key === "start" || key === "end")) return { key, optional, control: "time" };
    return { key, optional, control: "text" };
  });
}

/**
 * A condition's parameters in the order of its form (its kind's schema), not the order storage returns them in
 * (jsonb sorts its keys, shorter first); parameters the schema does not name come last.
 */
export function inFormOrder(kind: ConditionKind, parameters: Record<string, unknown>): Record<string, unknown> {
  const order = parametersOf(kind).map((parameter) => parameter.key);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(Object.entries(parameters).sort(([one], [other]) => rank(one) - rank(other)));
}

/** The form's starting values for a kind's parameters: blanks, or the values of the version being changed. */
export function parameterDefaults(kind: ConditionKind, values: Record<string, unknown> = {}): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const parameter of parametersOf(kind)) {
    const value = values[parameter.key];
    if (parameter.control === "choices") defaults[parameter.key] = Array.isArray(value) ? value : [];
    else if (parameter.control === "boolean") defaults[parameter.key] = value === true;
    else if (parameter.control === "text" && Array.isArray(value)) defaults[parameter.key] = value.join(", ");
    else defaults[parameter.key] = value ?? "";
  }
  return defaults;
}

/** Form values → the request's parameters: an empty optional list is left out, a text list is split at commas. */
export function parametersFromForm(kind: ConditionKind, values: Record<string, unknown> = {}): Record<string, unknown> {
  const shape = (conditionParameters[kind] as unknown as { shape: Record<string, z.ZodType> }).shape;
  const result: Record<string, unknown> = {};
  for (const parameter of parametersOf(kind)) {
    let value = values[parameter.key];
    const isTextList = parameter.control === "text" && defOf(unwrap(shape[parameter.key]!).schema).type === "array";
    if (isTextList && typeof value === "string")
      value = value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
    if (Array.isArray(value) && value.length === 0 && parameter.optional) continue;
    result[parameter.key] = value;
  }
  return result;
}

/** The fields of a kind's parameters; none for a standard condition. */
export function ParameterFields({ kind, prefix }: { kind: ConditionKind; prefix: string }) {
  const parameters = parametersOf(kind);
  if (parameters.length === 0) return <p className="usa-hint">This condition has no parameters.</p>;
  return (
    <>
      {parameters.map((parameter) => {
        const name = `${prefix}.${parameter.key}`;
        const label = `${labelOf(parameter.key)}${parameter.optional ? " (optional)" : ""}`;
        switch (parameter.control) {
          case "choice":
            return (
              <SelectField
                key={name}
                name={name}
                label={label}
                placeholder
                options={parameter.options.map((value) => ({ value, label: labelOfOption(value) }))}
              />
            );
          case "choices":
            return (
              <CheckboxGroupField
                key={name}
                name={name}
                legend={label}
                options={parameter.options.map((value) => ({ value, label: labelOfOption(value) }))}
              />
            );
          case "boolean":
            return <CheckboxField key={name} name={name} label={labelOf(parameter.key)} />;
          case "number":
            return <TextField key={name} name={name} label={label} numeric />;
          case "date":
            return <TextField key={name} name={name} label={label} type="date" />;
          case "time":
            return <TextField key={name} name={name} label={label} type="time" hint="24-hour clock, for example 21:00" />;
          default:
            return <TextField key={name} name={name} label={label} />;
        }
      })}
    </>
  );
}
