import { useId, useRef, useState } from 'react';
import type { SystemSecret } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { useFocusOnMount } from './form.tsx';

/** A system's new secret, the only time it is shown: a clearly marked box with copy buttons and the warning. */
export function SecretBox({ secret, rotated, onClose }: { secret: SystemSecret; rotated: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div ref={ref} tabIndex={-1} className="kuvert-secret" role="region" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{rotated ? t('secret.rotatedHeading', { name: secret.name }) : t('secret.heading', { name: secret.name })}</h3>
      <Alert variant="warning">{t('secret.once')}</Alert>
      <CopyField id={`${id}-id`} label={t('secret.systemId')} hint={t('secret.systemIdHint')} value={secret.id} />
      <CopyField id={`${id}-secret`} label={t('secret.secret')} hint={t('secret.secretHint')} value={secret.secret} secret />
      {rotated && secret.previousSecretValidUntil && (
        <p className="kuvert-grace">{t('secret.oldValidUntil', { date: longDate(lang, secret.previousSecretValidUntil) })}</p>
      )}
      {rotated && !secret.previousSecretValidUntil && <p className="kuvert-grace">{t('secret.oldEnded')}</p>}
      <div className="kuvert-form-buttons">
        <button type="button" className="button button-secondary" onClick={onClose}>{t('secret.close')}</button>
      </div>
    </div>
  );
}

function CopyField({ id, label, hint, value, secret }: { id: string; label: string; hint: string; value: string; secret?: boolean }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no'>();
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // e.g. not a secure context: the text is selected, to copy by hand
      input.current?.select();
      setCopied('no');
    }
  }
  return (
    <div className="form-group kuvert-copy-field">
      <label className="form-label" htmlFor={id}>{label}</label>
      <span className="form-hint" id={`${id}-hint`}>{hint}</span>
      <div className="kuvert-inline-form">
        <input ref={input} id={id} className={`form-input${secret ? ' kuvert-secret-value' : ''}`} type="text" readOnly value={value}
          aria-describedby={`${id}-hint`} spellCheck={false} autoComplete="off" onFocus={(e) => e.target.select()} />
        <button type="button" aria-label={`${t('secret.copy')}: ${label}`} className="button button-secondary kuvert-copy" onClick={() => void copy()}>
          <Icon name="copy" />{t('secret.copy')}
        </button>
      </div>
      <p className="kuvert-copied" aria-live="polite">{copied === 'yes' ? t('secret.copied') : copied === 'no' ? t('secret.copyByHand') : ''}</p>
    </div>
  );
}
