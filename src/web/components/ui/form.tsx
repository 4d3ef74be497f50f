import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";

type FieldProps = {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  id?: string;
};

/** A USWDS form group: label, optional hint, error message, and the control described by them. */
export function FormGroup({ label, hint, error, children, id: givenId }: FieldProps) {
  const generated = useId();
  const id = givenId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
      <label className={`usa-label${error ? " usa-label--error" : ""}`} htmlFor={id}>
        {label}
      </label>
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
      {children({ id, describedBy, invalid: Boolean(error) })}
    </div>
  );
}

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & { label: string; hint?: ReactNode; error?: string | undefined };

export function TextInput({ label, hint, error, className, ...rest }: TextInputProps) {
  return (
    <FormGroup label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          className={`usa-input${invalid ? " usa-input--error" : ""}${className ? ` ${className}` : ""}`}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...rest}
        />
      )}
    </FormGroup>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
};

export function TextArea({ label, hint, error, className, ...rest }: TextAreaProps) {
  return (
    <FormGroup label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          className={`usa-textarea${invalid ? " usa-input--error" : ""}${className ? ` ${className}` : ""}`}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...rest}
        />
      )}
    </FormGroup>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  options: { value: string; label: string }[];
};

export function Select({ label, hint, error, options, ...rest }: SelectProps) {
  return (
    <FormGroup label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          className={`usa-select${invalid ? " usa-input--error" : ""}`}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...rest}
        >
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

type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "id"> & { label: ReactNode; error?: string | undefined };

export function Checkbox({ label, error, ...rest }: CheckboxProps) {
  const id = useId();
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
        aria-describedby={errorId}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
      <label className="usa-checkbox__label" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}

type CheckboxGroupProps = {
  legend: string;
  error?: string | undefined;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  name: string;
};

export function CheckboxGroup({ legend, error, options, value, onChange, name }: CheckboxGroupProps) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset className={`usa-fieldset usa-form-group${error ? " usa-form-group--error" : ""}`} aria-describedby={errorId}>
      <legend className="usa-legend">{legend}</legend>
      {error ? (
        <span className="usa-error-message" id={errorId}>
          {error}
        </span>
      ) : null}
      {options.map((option) => (
        <div className="usa-checkbox" key={option.value}>
          <input
            className="usa-checkbox__input"
            id={`${id}-${option.value}`}
            type="checkbox"
            name={name}
            value={option.value}
            checked={value.includes(option.value)}
            onChange={(event) =>
              onChange(event.target.checked ? [...value, option.value] : value.filter((selected) => selected !== option.value))
            }
          />
          <label className="usa-checkbox__label" htmlFor={`${id}-${option.value}`}>
            {option.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}
