import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { Controller, type FieldValues, type UseFormReturn } from "react-hook-form";
import { fieldId } from "../../lib/contract-form";
import { FormGroup } from "../ui/form";
import { fieldError, useFormFields } from "./form";

/*
 * Field components of a <Form>: `name` is the field's path in the request (e.g. "person.firstName"). Each renders
 * the USWDS markup (label, hint, error message, aria-describedby, aria-invalid) and registers with the form.
 */

type Common = { name: string; label: string; hint?: ReactNode };

function useField(name: string) {
  const form = useFormFields();
  return { form, id: fieldId(form.formId, name), error: fieldError(form as unknown as UseFormReturn<FieldValues>, name) };
}

type TextFieldProps = Common &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "value" | "defaultValue" | "onChange"> & {
    /** The value is a number (empty → blank). */
    numeric?: boolean;
  };

export function TextField({ name, label, hint, numeric, className, type, ...rest }: TextFieldProps) {
  const { form, id, error } = useField(name);
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {({ describedBy, invalid }) => (
        <input
          id={id}
          type={type ?? "text"}
          className={`usa-input${invalid ? " usa-input--error" : ""}${className ? ` ${className}` : ""}`}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...(numeric ? { inputMode: "numeric" as const } : {})}
          {...rest}
          {...form.register(name, numeric ? { setValueAs: (value: string) => (value === "" ? "" : Number(value)) } : {})}
        />
      )}
    </FormGroup>
  );
}

type TextAreaFieldProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name" | "value" | "defaultValue" | "onChange">;

export function TextAreaField({ name, label, hint, className, ...rest }: TextAreaFieldProps) {
  const { form, id, error } = useField(name);
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {({ describedBy, invalid }) => (
        <textarea
          id={id}
          className={`usa-textarea${invalid ? " usa-input--error" : ""}${className ? ` ${className}` : ""}`}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...rest}
          {...form.register(name)}
        />
      )}
    </FormGroup>
  );
}

export type Option = { value: string; label: string };

type SelectFieldProps = Common &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "value" | "defaultValue" | "onChange"> & {
    options: Option[];
    /** A first, empty choice ("- Select -" unless given). */
    placeholder?: string | boolean;
  };

export function SelectField({ name, label, hint, options, placeholder, className, ...rest }: SelectFieldProps) {
  const { form, id, error } = useField(name);
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {({ describedBy, invalid }) => (
        <select
          id={id}
          className={`usa-select${invalid ? " usa-input--error" : ""}${className ? ` ${className}` : ""}`}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...rest}
          {...form.register(name)}
        >
          {placeholder ? <option value="">{placeholder === true ? "- Select -" : placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormGroup>
  );
}

type CheckboxFieldProps = { name: string; label: ReactNode; hint?: ReactNode } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "type" | "value" | "defaultValue" | "onChange" | "checked"
>;

/** One checkbox for a boolean field. */
export function CheckboxField({ name, label, hint, ...rest }: CheckboxFieldProps) {
  const { form, id, error } = useField(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`usa-checkbox${error ? " usa-form-group--error" : ""}`}>
      {error ? (
        <span className="usa-error-message" id={errorId}>
          {error}
        </span>
      ) : null}
      <input
        className="usa-checkbox__input"
        id={id}
        type="checkbox"
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        aria-invalid={error ? true : undefined}
        {...rest}
        {...form.register(name)}
      />
      <label className="usa-checkbox__label" htmlFor={id}>
        {label}
        {hint ? (
          <span className="usa-checkbox__label-description" id={hintId}>
            {hint}
          </span>
        ) : null}
      </label>
    </div>
  );
}

type ChoiceGroupProps = { name: string; legend: string; hint?: ReactNode; options: Option[]; className?: string };

/** Checkboxes for an array field (each checked option's value is in the array). */
export function CheckboxGroupField({ name, legend, hint, options, className }: ChoiceGroupProps) {
  return <ChoiceGroup name={name} legend={legend} hint={hint} options={options} className={className} multiple />;
}

/** Radio buttons for a single choice. */
export function RadioGroupField({ name, legend, hint, options, className }: ChoiceGroupProps) {
  return <ChoiceGroup name={name} legend={legend} hint={hint} options={options} className={className} multiple={false} />;
}

function ChoiceGroup({ name, legend, hint, options, className, multiple }: ChoiceGroupProps & { multiple: boolean }) {
  const { form, id, error } = useField(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const kind = multiple ? "checkbox" : "radio";
  return (
    <fieldset
      className={`usa-fieldset usa-form-group${error ? " usa-form-group--error" : ""}${className ? ` ${className}` : ""}`}
      aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
    >
      <legend className="usa-legend">{legend}</legend>
      {hint ? (
        <div className="usa-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="usa-error-message" id={errorId}>
          {error}
        </span>
      ) : null}
      <Controller
        control={form.control}
        name={name}
        render={({ field }) => (
          <>
            {options.map((option, index) => {
              // The first control carries the field's id, so the error summary's link lands in the group.
              const optionId = index === 0 ? id : `${id}-${option.value}`;
              const selected = multiple ? ((field.value as string[] | undefined) ?? []) : field.value;
              const checked = multiple ? (selected as string[]).includes(option.value) : selected === option.value;
              return (
                <div className={`usa-${kind}`} key={option.value}>
                  <input
                    className={`usa-${kind}__input`}
                    id={optionId}
                    type={kind}
                    name={name}
                    value={option.value}
                    checked={checked}
                    ref={index === 0 ? field.ref : undefined}
                    onBlur={field.onBlur}
                    onChange={(event) => {
                      if (!multiple) field.onChange(option.value);
                      else {
                        const current = (field.value as string[] | undefined) ?? [];
                        field.onChange(
                          event.target.checked ? [...current, option.value] : current.filter((value) => value !== option.value),
                        );
                      }
                    }}
                  />
                  <label className={`usa-${kind}__label`} htmlFor={optionId}>
                    {option.label}
                  </label>
                </div>
              );
            })}
          </>
        )}
      />
    </fieldset>
  );
}

/** The submit button of a <Form>: disabled while the request is on its way. */
export function SubmitButton({ children, className }: { children: ReactNode; className?: string }) {
  const form = useFormFields();
  return (
    <button
      type="submit"
      className={`usa-button${className ? ` ${className}` : ""}`}
      disabled={form.formState.isSubmitting}
      aria-disabled={form.formState.isSubmitting || undefined}
    >
      {children}
    </button>
  );
}

/** A dialog form's buttons: submit, and cancel that closes it without saving. */
export function FormButtons({ submit, onCancel }: { submit: string; onCancel: () => void }) {
  return (
    <ul className="usa-button-group margin-top-3">
      <li className="usa-button-group__item">
        <SubmitButton>{submit}</SubmitButton>
      </li>
      <li className="usa-button-group__item">
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          Cancel
        </button>
      </li>
    </ul>
  );
}
