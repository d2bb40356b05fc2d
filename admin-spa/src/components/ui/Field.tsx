// Form controls with a label, an optional hint and an error, wired for assistive technology:
// the error is announced with the field (aria-describedby) and marks it aria-invalid.
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";
import "./field.css";

export interface FieldControlProps {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** A validation message; shown under the control and read with it. */
  error?: string | undefined;
  /** Marks the label; the control itself should carry `required` too. */
  required?: boolean;
  /** Given the ids to spread onto the control. */
  children: (control: FieldControlProps) => ReactNode;
  className?: string;
}

export function Field({ label, hint, error, required, children, className }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required" aria-hidden="true">
            {" "}
            *
          </span>
        ) : null}
      </label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">! </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Common = Pick<FieldProps, "label" | "hint" | "error" | "required" | "className">;

export function TextInput({
  label,
  hint,
  error,
  required,
  className,
  ...input
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "className">) {
  return (
    <Field label={label} hint={hint} error={error} required={required ?? false} className={className ?? ""}>
      {(control) => <input className="input" required={required} {...input} {...control} />}
    </Field>
  );
}

export function TextArea({
  label,
  hint,
  error,
  required,
  className,
  ...textarea
}: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "className">) {
  return (
    <Field label={label} hint={hint} error={error} required={required ?? false} className={className ?? ""}>
      {(control) => <textarea className="input" required={required} {...textarea} {...control} />}
    </Field>
  );
}

export function Select({
  label,
  hint,
  error,
  required,
  className,
  children,
  ...select
}: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, "className">) {
  return (
    <Field label={label} hint={hint} error={error} required={required ?? false} className={className ?? ""}>
      {(control) => (
        <select className="input select" required={required} {...select} {...control}>
          {children}
        </select>
      )}
    </Field>
  );
}

export function Checkbox({
  label,
  hint,
  error,
  className,
  ...input
}: Omit<Common, "required"> & Omit<InputHTMLAttributes<HTMLInputElement>, "className" | "type">) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field field-checkbox${className ? ` ${className}` : ""}`}>
      <div className="checkbox-row">
        <input
          id={id}
          type="checkbox"
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          {...input}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form-level summary of what went wrong, announced when it appears (role=alert). `errors`
 * maps a field label (or "" for errors without a field) to its message.
 */
export function FormErrorSummary({ title, errors }: { title: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="callout callout-error" role="alert">
      <p className="callout-title">{title}</p>
      <ul className="error-list">
        {errors.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
