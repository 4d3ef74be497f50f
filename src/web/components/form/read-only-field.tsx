import { type InputHTMLAttributes, useId } from "react";

type ReadOnlyFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "readOnly" | "value" | "onChange"> & {
  label: string;
  hint?: string;
  value: string;
};

/** A value to copy (a setup key, a temporary password): a labelled read-only input, outside any form's state. */
export function ReadOnlyField({ label, hint, value, className, ...rest }: ReadOnlyFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="usa-form-group">
      <label className="usa-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="usa-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      <input
        id={id}
        className={`usa-input${className ? ` ${className}` : ""}`}
        aria-describedby={hintId}
        readOnly
        value={value}
        {...rest}
      />
    </div>
  );
}
