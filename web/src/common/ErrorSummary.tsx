import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n.ts';

/**
 * DKFDS error summary: what is wrong, each a link to its field. It takes the focus whenever the form
 * was sent with errors (`attempt` counts the tries).
 */
export function ErrorSummary({ errors, attempt }: { errors: [fieldId: string, message: string][]; attempt: number }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt > 0) ref.current?.focus();
  }, [attempt]);
  if (errors.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-error kuvert-alert" role="alert">
      <svg className="icon-svg alert-icon" focusable="false" aria-hidden="true"><use href="/dkfds/img/all-svg-icons.svg#error" /></svg>
      <div className="alert-body">
        <h2 className="alert-heading">{t('compose.errors')}</h2>
        <ul className="alert-text nobullet-list">
          {errors.map(([fieldId, message]) => (
            <li key={fieldId}>
              <a className="function-link" href={`#${fieldId}`}
                onClick={(e) => { e.preventDefault(); document.getElementById(fieldId)?.focus(); }}>{message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
