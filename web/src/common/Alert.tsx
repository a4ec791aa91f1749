import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

type Variant = 'info' | 'success' | 'warning' | 'error';
const iconName: Record<Variant, string> = { info: 'info', success: 'success', warning: 'warning', error: 'error' };

/** A DKFDS alert. Errors and warnings are announced (role=alert); `focus` moves the focus to it. */
export function Alert({ variant, heading, children, focus }: { variant: Variant; heading?: string; children?: ReactNode; focus?: boolean }) {
  const { lang } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { if (focus) ref.current?.focus(); }, [focus]);
  const label = lang === 'da'
    ? { info: 'Information', success: 'Succes', warning: 'Advarsel', error: 'Fejl' }[variant]
    : { info: 'Information', success: 'Success', warning: 'Warning', error: 'Error' }[variant];
  return (
    <div ref={ref} tabIndex={focus ? -1 : undefined} className={`alert alert-${variant} kuvert-alert`}
      role={variant === 'error' || variant === 'warning' ? 'alert' : 'status'}>
      <svg className="icon-svg alert-icon" focusable="false" aria-label={label} role="img"><use href={`/dkfds/img/all-svg-icons.svg#${iconName[variant]}`} /></svg>
      <div className="alert-body">
        {heading && <h2 className="alert-heading">{heading}</h2>}
        {children !== undefined && <div className="alert-text">{children}</div>}
      </div>
    </div>
  );
}
