import { useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { ErrorSummary } from '../common/ErrorSummary.tsx';
import { errorText } from '../common/errors.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n, type T } from '../i18n.ts';

/**
 * A form's field errors (by field id), how often it was sent with errors (the summary takes the focus each
 * time), and the failure that is about no field.
 */
export function useFormErrors() {
  const { t } = useI18n();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<string>();
  /** Shows these errors; true when there are none. */
  const show = (found: Record<string, string>): boolean => {
    setErrors(found);
    const ok = Object.keys(found).length === 0;
    if (!ok) setAttempt((n) => n + 1);
    return ok;
  };
  /** A refusal from the server: on the field it is about (by `fields`, see fieldErrorOf), or else as the failure. */
  const refuse = (error: unknown, fields: Record<string, string>) => {
    const field = fieldErrorOf(t, error, fields);
    if (field) show(field);
    else setFailure(errorText(t, error));
  };
  return { errors, attempt, show, summary: Object.entries(errors), failure, refuse, clearFailure: () => setFailure(undefined) };
}

export type FormErrorsApi = ReturnType<typeof useFormErrors>;

/** The top of a form: the summary of its field errors, then the failure that is about no field. */
export function FormErrors({ form }: { form: FormErrorsApi }) {
  return (
    <>
      <ErrorSummary errors={form.summary} attempt={form.attempt} />
      {form.failure && <Alert variant="error" focus>{form.failure}</Alert>}
    </>
  );
}

/**
 * The field a refusal is about, as a field error: by the stable code (`SYSTEM_NAME_TAKEN` → the name
 * field) or, for a request the server found malformed, by the path it names (`/email`).
 */
export function fieldErrorOf(t: T, error: unknown, fields: Record<string, string>): Record<string, string> | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const byCode = fields[error.code];
  if (byCode) return { [byCode]: errorText(t, error) };
  if (error.code === 'REQUEST_INVALID') {
    for (const detail of error.details) {
      const path = typeof detail === 'object' && detail !== null && 'path' in detail ? String((detail as { path: unknown }).path) : '';
      const field = fields[`/${path.replace(/^\//, '').split('/')[0]}`];
      if (field) return { [field]: t('error.fieldInvalid') };
    }
  }
  return undefined;
}

/** An e-mail address as the server takes one (name@domain.tld); the server has the last word. */
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

interface FieldProps { id: string; label: string; hint?: ReactNode; error: string | undefined }

const describedBy = (id: string, hint: ReactNode, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** The DKFDS error message of the field or fieldset `id` (`${id}-error`, for its aria-describedby). */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  const { t } = useI18n();
  return error ? <span className="form-error-message" id={`${id}-error`}><span className="sr-only">{t('app.error')}: </span>{error}</span> : null;
}

/** A DKFDS form group around one control: label, hint, error message, then the control. */
function Field({ id, label, hint, error, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={id}>{label}</label>
      {hint && <span className="form-hint" id={`${id}-hint`}>{hint}</span>}
      <FieldError id={id} error={error} />
      {children}
    </div>
  );
}

/**
 * DKFDS radio buttons in a fieldset, each with what it means in one line. The first button has the id
 * `id` (for the error summary to point at).
 */
export function RadioChoices<V extends string>({ id, legend, options, value, onChange, label, hint, error }: {
  id: string;
  legend: string;
  options: readonly V[];
  value: V | undefined;
  onChange: (value: V) => void;
  label: (option: V) => ReactNode;
  hint: (option: V) => string;
  error?: string;
}) {
  return (
    <fieldset className={`kuvert-fieldset${error ? ' form-group form-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="form-label">{legend}</legend>
      <FieldError id={id} error={error} />
      <ul className="unstyled-list kuvert-choices">
        {options.map((option, i) => {
          const inputId = i === 0 ? id : `${id}-${option}`;
          return (
            <li key={option} className="form-group-radio">
              <input type="radio" className="form-radio" id={inputId} name={id} value={option} checked={value === option}
                aria-describedby={`${inputId}-hint`} onChange={() => onChange(option)} />
              <label className="form-label" htmlFor={inputId}>{label(option)}</label>
              <span className="form-hint" id={`${inputId}-hint`}>{hint(option)}</span>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** A DKFDS text field: label, hint, error message, input. */
export function TextField({ id, label, hint, error, className = 'form-input', ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input id={id} className={className} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </Field>
  );
}

export function TextArea({ id, label, hint, error, ...area }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea id={id} className="form-input kuvert-textarea" rows={3} aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)} {...area} />
    </Field>
  );
}

/** A DKFDS select with a hint: label, hint, error message, select. */
export function SelectField({ id, label, hint, error, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select id={id} className="form-select" aria-describedby={describedBy(id, hint, error)} {...select}>{children}</select>
    </Field>
  );
}

/** A ref whose element takes the focus when it appears (a panel opened by a button). */
export function useFocusOnMount<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return ref;
}

export interface Status { variant: 'success' | 'error' | 'info'; text: string; n: number }

/** The message after a change; it takes the focus, so keyboard and screen reader users learn what happened. */
export function useStatus() {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>();
  const say = (variant: Status['variant'], text: string) => setStatus((s) => ({ variant, text, n: (s?.n ?? 0) + 1 }));
  /** Runs a change and says how it went; true when it worked. */
  const run = async (action: () => Promise<unknown>, success: string | (() => string)): Promise<boolean> => {
    try {
      await action();
      say('success', typeof success === 'string' ? success : success());
      return true;
    } catch (error) {
      say('error', errorText(t, error));
      return false;
    }
  };
  const node = (
    <div aria-live="polite" className="kuvert-status-region">
      {status && <Alert key={status.n} variant={status.variant} focus>{status.text}</Alert>}
    </div>
  );
  return { say, run, node, clear: () => setStatus(undefined) };
}

export type StatusApi = ReturnType<typeof useStatus>;

/** A button in a list's row, named for screen readers with what it does and to whom ("Skift rolle: Jens Hansen"). */
export function RowAction({ icon, label, name, disabled, onClick }: { icon: string; label: string; name: string; disabled?: boolean; onClick: () => void }) {
  return (
    <button type="button" aria-label={`${label}: ${name}`} className="function-link" disabled={disabled} onClick={onClick}>
      <Icon name={icon} />{label}
    </button>
  );
}

/**
 * "Are you sure?" as a step in the page (no pop-up): a question, what it means, and the buttons. It
 * takes the focus when it appears; Cancel gives it back to where the person came from.
 */
export function ConfirmStep({ heading, children, confirm, onConfirm, onCancel, busy, variant = 'danger' }: {
  heading: string; children?: ReactNode; confirm: string; onConfirm: () => void; onCancel: () => void; busy?: boolean; variant?: 'danger' | 'primary';
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const back = useRef<Element | null>(null);
  useEffect(() => {
    back.current = document.activeElement;
    ref.current?.focus();
  }, []);
  const cancel = () => {
    onCancel();
    if (back.current instanceof HTMLElement) back.current.focus();
  };
  return (
    <div ref={ref} tabIndex={-1} className="kuvert-confirm-step" role="group" aria-label={heading}>
      <h3 className="h4">{heading}</h3>
      {children}
      <div className="kuvert-form-buttons">
        <button type="button" className={`button ${variant === 'danger' ? 'button-primary kuvert-danger' : 'button-primary'}`} onClick={onConfirm} disabled={busy}>{confirm}</button>
        <button type="button" className="button button-secondary" onClick={cancel} disabled={busy}>{t('admin.cancel')}</button>
      </div>
    </div>
  );
}
