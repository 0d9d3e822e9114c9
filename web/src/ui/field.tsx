/**
 * Form controls with their label, hint and error wired for assistive technology: the label names
 * the control, the hint and error describe it, and an error sets aria-invalid.
 */
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

interface FieldChrome {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** Hides the label visually (still read by screen readers). */
  hideLabel?: boolean;
}

function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Chrome({
  id,
  label,
  hint,
  error,
  hideLabel,
  required,
  children,
}: FieldChrome & { id: string; required?: boolean | undefined; children: ReactNode }) {
  return (
    <div className="ui-field">
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'ui-label'}>
        {label}
        {required ? (
          <span className="ui-required" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      {children}
      {hint ? (
        <span id={`${id}-hint`} className="ui-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="ui-field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export type InputProps = FieldChrome & Omit<InputHTMLAttributes<HTMLInputElement>, 'children'>;

/** A labelled text input. */
export function Input({ label, hint, error, hideLabel, id, className, ...rest }: InputProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <Chrome
      id={inputId}
      label={label}
      hint={hint}
      error={error}
      hideLabel={hideLabel}
      required={rest.required}
    >
      <input
        {...rest}
        id={inputId}
        className={['ui-input', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, hint, error)}
      />
    </Chrome>
  );
}

export type TextareaProps = FieldChrome & TextareaHTMLAttributes<HTMLTextAreaElement>;

/** A labelled multi-line input. */
export function Textarea({ label, hint, error, hideLabel, id, className, ...rest }: TextareaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <Chrome
      id={inputId}
      label={label}
      hint={hint}
      error={error}
      hideLabel={hideLabel}
      required={rest.required}
    >
      <textarea
        {...rest}
        id={inputId}
        className={['ui-textarea', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, hint, error)}
      />
    </Chrome>
  );
}

export type SelectProps = FieldChrome &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> & {
    options: ReadonlyArray<{ value: string; label: string; disabled?: boolean }>;
    /** A first, empty choice ("Any status"). */
    placeholder?: string;
  };

/** A labelled native select (keyboard and screen-reader friendly by construction). */
export function Select({
  label,
  hint,
  error,
  hideLabel,
  id,
  className,
  options,
  placeholder,
  ...rest
}: SelectProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <Chrome
      id={inputId}
      label={label}
      hint={hint}
      error={error}
      hideLabel={hideLabel}
      required={rest.required}
    >
      <select
        {...rest}
        id={inputId}
        className={['ui-select', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, hint, error)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </Chrome>
  );
}

export type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  label: ReactNode;
  description?: ReactNode;
};

/** A checkbox with its label (and an optional second line). */
export function Checkbox({ label, description, className, ...rest }: CheckboxProps) {
  return (
    <label className={['ui-check', className].filter(Boolean).join(' ')}>
      <input {...rest} type="checkbox" />
      <span className="ui-check-text">
        <span>{label}</span>
        {description ? <span className="subtle">{description}</span> : null}
      </span>
    </label>
  );
}

/** Radio cards: one choice among a few, each with a line of explanation. */
export function ChoiceGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  disabled,
  hint,
}: {
  legend: ReactNode;
  name: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string; description?: string }>;
  onChange: (value: T) => void;
  disabled?: boolean;
  hint?: ReactNode;
}) {
  return (
    <fieldset className="ui-fieldset" disabled={disabled}>
      <legend>{legend}</legend>
      {hint ? <span className="ui-hint">{hint}</span> : null}
      <div className="ui-choice-grid">
        {options.map((option) => (
          <label key={option.value} className="ui-choice">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span className="ui-check-text">
              <strong>{option.label}</strong>
              {option.description ? <span className="subtle">{option.description}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
